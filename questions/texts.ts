import catalog from './data/texts.es-AR.json';

/** Every citizen-facing text of questions/, from the JSON catalog an agency can reword without code. */
export type QuestionTextKey = Exclude<keyof typeof catalog, 'about'>;

export const questionTexts: Readonly<Record<QuestionTextKey, string>> = catalog;

/** A catalog text with its {placeholders} filled in; unknown placeholders are left visible on purpose. */
export function say(key: QuestionTextKey, values: Record<string, string | number> = {}): string {
    return questionTexts[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
    );
}
