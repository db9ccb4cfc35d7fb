import Mocha = require('mocha');

/**
 * Mocha's spec reporter, followed by one plain closing line `N passed, N failed[, N skipped]` from mocha's
 * own counts, so CI can tell a run that executed no test from a green one.
 */
class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
            const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
            process.stdout.write(`${stats.passes} passed, ${stats.failures} failed${skipped}\n`);
        });
    }
}

export = SummaryReporter;
