import type { MachineFacts } from './environment';

/** One measured figure, with the baseline measured in the same run when there is one. */
export interface Figure {
    group: string;
    name: string;
    value: number;
    unit: string;
    baseline?: number;
    baselineName?: string;
    /** What the issue asks of this figure. */
    target?: { ratioAtLeast?: number; atLeast?: number; atMost?: number; below?: number };
    note?: string;
}

/** 'met', 'MISSED' or '' (no target); a figure that could not be measured never counts as met. */
export function verdict(figure: Figure): string {
    const { target, value, baseline } = figure;
    if (!target) return '';
    if (!Number.isFinite(value)) return 'not measured';
    const ratio = baseline ? value / baseline : NaN;
    const checks: boolean[] = [];
    if (target.ratioAtLeast !== undefined) checks.push(ratio >= target.ratioAtLeast);
    if (target.atLeast !== undefined) checks.push(value >= target.atLeast);
    if (target.atMost !== undefined) checks.push(value <= target.atMost);
    if (target.below !== undefined) checks.push(value < target.below);
    return checks.every(Boolean) ? 'met' : 'MISSED';
}

function describeTarget(figure: Figure): string {
    const t = figure.target;
    if (!t) return '';
    const parts: string[] = [];
    if (t.ratioAtLeast !== undefined) parts.push(`>= ${t.ratioAtLeast}x ${figure.baselineName ?? 'baseline'}`);
    if (t.atLeast !== undefined) parts.push(`>= ${t.atLeast}`);
    if (t.atMost !== undefined) parts.push(`<= ${t.atMost}`);
    if (t.below !== undefined) parts.push(`< ${t.below}`);
    return parts.join(', ');
}

function number(value: number): string {
    if (!Number.isFinite(value)) return 'n/a';
    return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** The RESULTS.md text: the machine, then one table row per figure (value, baseline, ratio, target, verdict). */
export function renderResults(facts: MachineFacts, figures: Figure[], settings: { seconds: number; connections: number }): string {
    const lines = [
        '# Benchmark results',
        '',
        `Measured ${facts.date} by \`npm run bench\` on ${facts.cores} cores (${facts.cpuModel}), Node ${facts.node}.`,
        `Each load measurement runs ${settings.seconds} s at ${settings.connections} concurrent connections or citizens on 127.0.0.1; servers under test run in their own process.`,
        `The disk committed ${facts.fsyncCommitsPerSecond.toLocaleString('en-US')} one-row SQLite transactions/s (synchronous=FULL) at the start of the run: durable figures move with it.`,
        'Ratios compare figures measured in this same run; a shared 2-core machine is noisy, so compare ratios, not absolute numbers.',
        ''
    ];
    let group = '';
    for (const figure of figures) {
        if (figure.group !== group) {
            group = figure.group;
            lines.push(`## ${group}`, '', '| figure | value | baseline | ratio | target | verdict | notes |', '|---|---:|---:|---:|---|---|---|');
        }
        const ratio = figure.baseline ? `${(figure.value / figure.baseline).toFixed(2)}x` : '';
        const baseline = figure.baseline !== undefined ? `${number(figure.baseline)} ${figure.unit} (${figure.baselineName ?? ''})` : '';
        lines.push(
            `| ${figure.name} | ${number(figure.value)} ${figure.unit} | ${baseline} | ${ratio} | ${describeTarget(figure)} | ${verdict(figure)} | ${figure.note ?? ''} |`
        );
        const next = figures[figures.indexOf(figure) + 1];
        if (!next || next.group !== group) lines.push('');
    }
    return lines.join('\n');
}
