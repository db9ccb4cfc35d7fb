import recognition from './data/recognition.json';
import { normalizeText } from './textNormalizer';

/** The recognition vocabulary of data/recognition.json, normalised once at load. */

type Vocabulary = Record<string, string[]>;

function normalizedList(list: readonly string[]): string[] {
    return Array.from(new Set(list.map(normalizeText).filter((s) => s.length > 0)));
}

function withoutAbout<T>(record: Record<string, T | string>): Record<string, T> {
    return Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'about')) as Record<string, T>;
}

function normalizedVocabulary(record: Record<string, string[] | string>): Vocabulary {
    return Object.fromEntries(
        Object.entries(withoutAbout<string[]>(record)).map(([key, list]) => [key, normalizedList(list)])
    );
}

export const DEPARTMENT_ALIASES: Vocabulary = normalizedVocabulary(recognition.departmentAliases);
export const DEPARTMENT_FILLERS: string[] = normalizedList(recognition.departmentFillers)
    .sort((a, b) => b.length - a.length); // longest first: "estoy en" before "en"
export const PROVINCE_NAMES: string[] = normalizedList(recognition.provinceNames.list)
    .sort((a, b) => b.length - a.length); // longest first: "provincia de catamarca" before "catamarca"
/** As written: a trailing "*" (a word stem) would not survive normalisation; urgencyDetector reads it. */
export const URGENCY_EXTRA_SIGNALS: readonly string[] = recognition.urgencyExtraSignals.list;
export const NEGATIONS: ReadonlySet<string> = new Set(normalizedList(recognition.negations));
export const NEGATION_WINDOW: number = recognition.negationWindow;
export const NEGATION_BRIDGES: ReadonlySet<string> = new Set(normalizedList(recognition.negationBridges.list));
export const SIGNALS_THAT_ARE_NAMES: ReadonlySet<string> = new Set(normalizedList(recognition.signalsThatAreNames.list));
export const NOT_IN_A_NAME: ReadonlySet<string> = new Set(normalizedList(recognition.signalsThatAreNames.notWith));
export const INTENT_PHRASES: Vocabulary = normalizedVocabulary(recognition.intents);
export const EMERGENCY_TYPE_KEYWORDS: Vocabulary = normalizedVocabulary(recognition.emergencyTypeKeywords);
export const PHOTO_SKIP: ReadonlySet<string> = new Set(normalizedList(recognition.photoSkip));
export const YES: ReadonlySet<string> = new Set(normalizedList(recognition.yes));
export const COURTESY: readonly string[] = normalizedList(recognition.courtesy.list);
export const NO: ReadonlySet<string> = new Set(normalizedList(recognition.no));
export const CORRECTION_FIELDS: Vocabulary = normalizedVocabulary(recognition.correctionFields);
export const FIELD_IS_FINE: readonly string[] = normalizedList(recognition.fieldIsFine.list);
export const NUMBER_WORDS: Readonly<Record<string, number>> = Object.fromEntries(
    Object.entries(withoutAbout<number>(recognition.numberWords)).map(([word, n]) => [normalizeText(word), n])
);

/** "3", "tres", "el 3" (after fillers were stripped) -> 3; anything else -> undefined. */
export function parseListNumber(normalized: string): number | undefined {
    if (/^\d{1,3}$/.test(normalized)) return Number(normalized);
    return NUMBER_WORDS[normalized];
}

export const NOT_A_NAME: ReadonlySet<string> = new Set(normalizedList(recognition.notAName.list));
export const NAME_PREFIXES: string[] = normalizedList(recognition.namePrefixes).sort((a, b) => b.length - a.length);
export const GREETINGS: readonly string[] = normalizedList(recognition.greetings.list);
