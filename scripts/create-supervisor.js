#!/usr/bin/env node
// `npm run create-supervisor -- <username> [--name "Display Name"]` (after a build): makes <username> an active
// supervisor of the line when none can log in. The logic and its help live in
// handoff/auth/createSupervisorCommand.ts; `--help` prints it.
'use strict';

const path = require('path');

const { runCreateSupervisor } = require(path.join(__dirname, '..', 'dist', 'handoff', 'auth', 'createSupervisorCommand.js'));

runCreateSupervisor({
    args: process.argv.slice(2),
    env: process.env,
    io: { out: (line) => console.log(line), err: (line) => console.error(line) }
}).then(
    (code) => {
        process.exitCode = code;
    },
    (error) => {
        console.error('create-supervisor: failed:', error && error.stack ? error.stack : error);
        process.exitCode = 1;
    }
);
