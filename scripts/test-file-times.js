'use strict';
/**
 * Where the test suite's time goes, file by file: what each test file took on the clock, its own CPU and the CPU of
 * the child processes it started and reaped (Chromium, child servers, `npm start`).
 *
 * Record (a mocha root hook; in parallel mode it runs once per file):
 *   rm -f /tmp/test-file-times.jsonl
 *   npx mocha --parallel --jobs 2 --require scripts/test-file-times.js 'dist/tests/**\/*.test.js'
 * Summarise (the files that cost most first):
 *   node scripts/test-file-times.js [/tmp/test-file-times.jsonl]
 */
const fs = require('fs');

const LOG = process.env.TEST_FILE_TIMES ?? '/tmp/test-file-times.jsonl';
/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds of this process's children that have ended and been waited for (Linux; 0 elsewhere). */
function reapedChildrenCpuMs() {
    try {
        const stat = fs.readFileSync('/proc/self/stat', 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // cutime and cstime: fields 16 and 17 of stat(5), counted from the state field (3)
        return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
    } catch {
        return 0;
    }
}

let started;
exports.mochaHooks = {
    beforeAll() {
        const root = this.test && this.test.parent;
        const file = root && root.suites[0] && root.suites[0].file;
        started = { file, at: Date.now(), cpu: process.cpuUsage(), children: reapedChildrenCpuMs() };
    },
    afterAll() {
        const cpu = process.cpuUsage(started.cpu);
        const row = {
            file: started.file,
            startedAt: started.at,
            wallMs: Date.now() - started.at,
            cpuMs: Math.round((cpu.user + cpu.system) / 1000),
            childrenCpuMs: Math.round(reapedChildrenCpuMs() - started.children)
        };
        fs.appendFileSync(LOG, `${JSON.stringify(row)}\n`);
    }
};

if (require.main === module) {
    const rows = fs
        .readFileSync(process.argv[2] ?? LOG, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    const sum = (pick) => rows.reduce((total, row) => total + pick(row), 0) / 1000;
    const first = Math.min(...rows.map((row) => row.startedAt));
    const last = Math.max(...rows.map((row) => row.startedAt + row.wallMs));
    console.log(`${rows.length} files in ${((last - first) / 1000).toFixed(0)} s from the first file's start to the last one's end`);
    console.log(
        `clock ${sum((r) => r.wallMs).toFixed(0)} s, own CPU ${sum((r) => r.cpuMs).toFixed(0)} s, children's CPU ${sum((r) => r.childrenCpuMs).toFixed(0)} s`
    );
    console.log('clock s   CPU s  children s  file');
    rows.sort((a, b) => b.cpuMs + b.childrenCpuMs - (a.cpuMs + a.childrenCpuMs));
    for (const row of rows.slice(0, 25)) {
        const file = String(row.file).replace(/^.*\/dist\/tests\//, '');
        console.log(
            `${(row.wallMs / 1000).toFixed(1).padStart(7)} ${(row.cpuMs / 1000).toFixed(1).padStart(7)} ${(row.childrenCpuMs / 1000).toFixed(1).padStart(11)}  ${file}`
        );
    }
}
