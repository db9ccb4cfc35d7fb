import { randomInt } from 'crypto';
import { REPORT_ID_ALPHABET } from '../dialogs';

const NUMBER_LENGTH = 4;

/** A new request number such as "SOL-4F2K", from the reports' unambiguous alphabet (no 0/O, no 1/I). */
export function newRequestNumber(random: (max: number) => number = randomInt): string {
    let code = '';
    for (let i = 0; i < NUMBER_LENGTH; i++) code += REPORT_ID_ALPHABET[random(REPORT_ID_ALPHABET.length)];
    return `SOL-${code}`;
}

/** Whether a text is a request number as the line issues them (case-insensitive, dash optional): "sol 4f2k" -> "SOL-4F2K". */
export function parseRequestNumber(text: string): string | undefined {
    const match = /^\s*sol[-\s]?([0-9a-z]{4})\s*$/i.exec(text);
    if (!match) return undefined;
    const code = match[1].toUpperCase();
    return [...code].every((c) => REPORT_ID_ALPHABET.includes(c)) ? `SOL-${code}` : undefined;
}
