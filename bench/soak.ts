/**
 * `npm run soak` (not in CI): the reliability tests of tests/reliability run longer and harder
 * (SOAK_SCALE, default 5: five times the kills, citizens and fuzz cases), with mocha in a child process; so does the
 * alert broadcast killed half-way (tests/alerts/killResume: 10,000 subscribers at the default scale, 2,000 in `npm test`).
 */
import { spawn } from 'child_process';
import * as path from 'path';

const scale = process.env.SOAK_SCALE ?? '5';
const mocha = require.resolve('mocha/bin/mocha.js');
const tests = [path.join(__dirname, '..', 'tests', 'reliability', '*.test.js'), path.join(__dirname, '..', 'tests', 'alerts', 'killResume.test.js')];
const child = spawn(process.execPath, [mocha, '--no-config', '--timeout', '1800000', '--exit', ...tests], {
    stdio: 'inherit',
    env: { ...process.env, RELIABILITY_SCALE: scale }
});
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
