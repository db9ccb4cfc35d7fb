import { CORRECTION_FIELDS, NAME_PREFIXES, NO, NOT_A_NAME, PHOTO_SKIP, YES } from './recognitionData';
import { normalizeText } from './textNormalizer';

/** Small recognisers for the protocol's short answers (name, yes/no, skip, field to correct). Pure. */

export type CorrectableField = 'name' | 'department' | 'location' | 'emergencyType' | 'photo';

const MAX_NAME_LENGTH = 80;

/** The citizen's name from "Me llamo María Pérez" / "maría pérez"; undefined for "hola", "1234", "?". */
export function recognizeName(text: string): string | undefined {
    let name = text.trim().replace(/\s+/g, ' ');
    const normalized = normalizeText(name);
    const prefix = NAME_PREFIXES.find((p) => normalized.startsWith(p + ' '));
    if (prefix) name = name.split(' ').slice(prefix.split(' ').length).join(' ');
    name = name.replace(/^[\s,.:;-]+|[\s,.:;!]+$/g, '');
    const letters = normalizeText(name).replace(/[^a-z]/g, '');
    if (letters.length < 2 || name.length > MAX_NAME_LENGTH) return undefined;
    if (NOT_A_NAME.has(normalizeText(name))) return undefined;
    return name;
}

export function isYes(text: string): boolean {
    return YES.has(normalizeText(text));
}

export function isNo(text: string): boolean {
    return NO.has(normalizeText(text));
}

/** "no tengo", "sin foto", the skip button. */
export function isPhotoSkip(text: string, skipChoiceTitle: string): boolean {
    const normalized = normalizeText(text);
    return PHOTO_SKIP.has(normalized) || normalized === normalizeText(skipChoiceTitle);
}

/** The field a citizen wants to correct: "nombre", "cambiar el departamento", "la ubicación está mal". */
export function recognizeCorrectionField(text: string): CorrectableField | undefined {
    const padded = ` ${normalizeText(text)} `;
    let best: CorrectableField | undefined;
    let bestLength = 0;
    for (const [field, phrases] of Object.entries(CORRECTION_FIELDS)) {
        for (const phrase of phrases) {
            if (phrase.length > bestLength && padded.includes(` ${phrase} `)) {
                best = field as CorrectableField;
                bestLength = phrase.length;
            }
        }
    }
    return best;
}

/** At the summary: send the report, or correct (optionally naming the field in the same message). */
export type ConfirmationAnswer = { decision: 'confirm' } | { decision: 'correct'; field?: CorrectableField };

export function recognizeConfirmation(text: string, confirmTitle: string, correctTitle: string): ConfirmationAnswer | undefined {
    const normalized = normalizeText(text);
    if (normalized === normalizeText(confirmTitle) || isYes(text)) return { decision: 'confirm' };
    const field = recognizeCorrectionField(text);
    if (field) return { decision: 'correct', field };
    if (normalized === normalizeText(correctTitle) || isNo(text)) return { decision: 'correct' };
    return undefined;
}
