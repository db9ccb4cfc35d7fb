/**
 * A small multinomial logistic regression (softmax) over string features: the fallback the intent and type readers
 * consult when their rules reach no decision of their own. Trained in-process, with a fixed visiting order, so the
 * same rows give the same weights on every machine; sparse, so training on a few thousand messages takes well
 * under a second.
 */
import { decodeFloats, encodeFloats, isStringArray, type Codec } from './trainedOnce';

export interface SoftmaxModel {
    labels: readonly string[];
    bias: Float64Array;
    weights: ReadonlyMap<string, Float64Array>;
}

export interface TrainingOptions {
    epochs: number;
    learningRate: number;
    l2: number;
}

const DEFAULTS: TrainingOptions = { epochs: 20, learningRate: 0.2, l2: 1e-4 };

/** Trains on (features, label) examples; labels are the distinct labels seen, in sorted order. */
export function trainSoftmax(
    examples: ReadonlyArray<{ features: readonly string[]; label: string }>,
    options: Partial<TrainingOptions> = {}
): SoftmaxModel {
    const { epochs, learningRate, l2 } = { ...DEFAULTS, ...options };
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    const index = new Map(labels.map((label, i) => [label, i]));
    const k = labels.length;
    const bias = new Float64Array(k);
    const weights = new Map<string, Float64Array>();
    const data = examples.map((e) => ({
        rows: e.features.map((f) => {
            let w = weights.get(f);
            if (!w) weights.set(f, (w = new Float64Array(k)));
            return w;
        }),
        y: index.get(e.label)!
    }));
    const scores = new Float64Array(k);
    for (let epoch = 0; epoch < epochs; epoch++) {
        for (let i = data.length - 1; i > 0; i--) {
            const j = (i * 7919 + epoch * 104_729) % (i + 1);
            [data[i], data[j]] = [data[j], data[i]];
        }
        for (const { rows, y } of data) {
            probabilities(bias, rows, scores);
            for (let c = 0; c < k; c++) {
                const gradient = scores[c] - (c === y ? 1 : 0);
                bias[c] -= learningRate * gradient;
                for (const w of rows) w[c] -= learningRate * (gradient + l2 * w[c]);
            }
        }
    }
    return { labels, bias, weights };
}

/** The most likely label and its probability; unknown features weigh nothing. */
export function classify(model: SoftmaxModel, features: readonly string[]): { label: string; probability: number } {
    const scores = scoresOf(model, features);
    let best = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c] > scores[best]) best = c;
    return { label: model.labels[best], probability: scores[best] };
}

/** Every label's probability. */
export function labelProbabilities(model: SoftmaxModel, features: readonly string[]): Map<string, number> {
    const scores = scoresOf(model, features);
    return new Map(model.labels.map((label, c) => [label, scores[c]]));
}

/** The probability of each label, in the model's label order. */
function scoresOf(model: SoftmaxModel, features: readonly string[]): Float64Array {
    const rows = features.map((f) => model.weights.get(f)).filter((w): w is Float64Array => w !== undefined);
    const scores = new Float64Array(model.labels.length);
    probabilities(model.bias, rows, scores);
    return scores;
}

/** Softmax of bias + the sum of the rows, into `out`. */
function probabilities(bias: Float64Array, rows: readonly Float64Array[], out: Float64Array): void {
    let max = -Infinity;
    for (let c = 0; c < out.length; c++) {
        let z = bias[c];
        for (const w of rows) z += w[c];
        out[c] = z;
        if (z > max) max = z;
    }
    let sum = 0;
    for (let c = 0; c < out.length; c++) sum += out[c] = Math.exp(out[c] - max);
    for (let c = 0; c < out.length; c++) out[c] /= sum;
}

/** How a trained model is kept on disk (see trainedOnce): its labels, bias and one row of weights per feature. */
export const SOFTMAX_CODEC: Codec<SoftmaxModel> = {
    encode(model) {
        const features = [...model.weights.keys()];
        const k = model.labels.length;
        const all = new Float64Array(features.length * k);
        features.forEach((feature, i) => all.set(model.weights.get(feature)!, i * k));
        return { labels: model.labels, bias: encodeFloats(model.bias), features, weights: encodeFloats(all) };
    },
    decode(stored) {
        const s = stored as { labels?: unknown; bias?: unknown; features?: unknown; weights?: unknown };
        if (!isStringArray(s.labels) || !isStringArray(s.features)) throw new Error('not a stored model');
        const labels = s.labels;
        const features = s.features;
        const k = labels.length;
        const all = decodeFloats(s.weights, features.length * k);
        return { labels, bias: decodeFloats(s.bias, k), weights: new Map(features.map((f, i) => [f, all.subarray(i * k, (i + 1) * k)])) };
    }
};
