import type { Evaluation } from './evaluate';

const pct = (value: number): string => value.toFixed(3);

/** The evaluation as the plain text `npm run eval:language` prints: the table, the confusions, then every error. */
export function formatEvaluation(title: string, result: Evaluation, options: { errors: boolean }): string {
    const lines: string[] = [];
    lines.push(`## ${title} (${result.rows} messages)`, '');
    lines.push('| figure | value | on |', '|---|---:|---:|');
    lines.push(`| urgency precision | ${pct(result.urgency.precision)} | ${result.rows} |`);
    lines.push(`| urgency recall | ${pct(result.urgency.recall)} | ${result.urgency.support} urgent |`);
    lines.push(`| urgency F1 | ${pct(result.urgency.f1)} | |`);
    lines.push(`| urgency recall in its conversation | ${pct(result.recallInConversation)} | ${result.urgency.support} urgent |`);
    lines.push(`| intent accuracy | ${pct(result.intentAccuracy)} | ${result.rows} |`);
    lines.push(`| type accuracy | ${pct(result.typeAccuracy)} | ${result.typeRows} with a type |`);
    lines.push(`| type read where none is said | ${pct(result.spuriousTypeRate)} | ${result.rows - result.typeRows} with no type |`);
    lines.push(`| department accuracy | ${pct(result.departmentAccuracy)} | ${result.departmentRows} with a department |`);
    lines.push(`| name accuracy | ${pct(result.nameAccuracy)} | ${result.nameRows} with a name |`);
    lines.push(`| address found (outside the location question) | ${pct(result.addressRecall)} | ${result.addressRows} with an address |`);
    lines.push(`| address read where none is said | ${pct(result.spuriousAddressRate)} | ${result.noAddressRows} with none |`, '');
    lines.push('| intent | support | precision | recall | F1 |', '|---|---:|---:|---:|---:|');
    for (const score of result.intents)
        lines.push(`| ${score.label} | ${score.support} | ${pct(score.precision)} | ${pct(score.recall)} | ${pct(score.f1)} |`);
    lines.push(
        '',
        'Type confusions (expected -> read: count): ' +
            (result.typeConfusions
                .slice(0, 15)
                .map((c) => `${c.expected} -> ${c.predicted}: ${c.count}`)
                .join('; ') || 'none')
    );
    lines.push(
        'Department confusions: ' +
            (result.departmentConfusions
                .slice(0, 15)
                .map((c) => `${c.expected} -> ${c.predicted}: ${c.count}`)
                .join('; ') || 'none')
    );
    if (options.errors) {
        lines.push('', `### Errors (${result.errors.length})`);
        for (const error of result.errors)
            lines.push(`- [${error.row.id} @${error.row.context}] ${JSON.stringify(error.row.text)}: ${error.wrong.join('; ')}`);
    }
    return lines.join('\n');
}
