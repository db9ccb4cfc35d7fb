import catalog from './data/texts.es-AR.json';

/** Every citizen-facing text, from the JSON catalog an agency can reword without code. */
export type TextKey = Exclude<keyof typeof catalog, 'about'>;

export const texts: Readonly<Record<TextKey, string>> = catalog;

/** A catalog text with its {placeholders} filled in; unknown placeholders are left visible on purpose. */
export function say(key: TextKey, values: Record<string, string | number> = {}): string {
    return texts[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
    );
}
