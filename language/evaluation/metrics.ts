/** Precision, recall and F1 of one label, from its counts. */
export interface LabelScore {
    label: string;
    support: number;
    precision: number;
    recall: number;
    f1: number;
}

/** Per-label scores of a single-label classification, from (expected, predicted) pairs; `none` is no label. */
export function labelScores(pairs: ReadonlyArray<[string, string]>): LabelScore[] {
    const labels = [...new Set(pairs.flatMap(([expected, predicted]) => [expected, predicted]))].sort();
    return labels.map((label) => {
        const truePositives = pairs.filter(([e, p]) => e === label && p === label).length;
        const predicted = pairs.filter(([, p]) => p === label).length;
        const support = pairs.filter(([e]) => e === label).length;
        const precision = predicted === 0 ? 1 : truePositives / predicted;
        const recall = support === 0 ? 1 : truePositives / support;
        const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
        return { label, support, precision, recall, f1 };
    });
}

/** Share of pairs where the prediction is the expected label. */
export function accuracy(pairs: ReadonlyArray<[string, string]>): number {
    return pairs.length === 0 ? 1 : pairs.filter(([e, p]) => e === p).length / pairs.length;
}

/** The off-diagonal cells of the confusion matrix, most frequent first: "expected -> predicted: count". */
export function confusions(pairs: ReadonlyArray<[string, string]>): Array<{ expected: string; predicted: string; count: number }> {
    const counts = new Map<string, number>();
    for (const [e, p] of pairs) if (e !== p) counts.set(`${e}\u0000${p}`, (counts.get(`${e}\u0000${p}`) ?? 0) + 1);
    return [...counts.entries()]
        .map(([key, count]) => {
            const [expected, predicted] = key.split('\u0000');
            return { expected, predicted, count };
        })
        .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected));
}
