import { randomInt } from 'crypto';

/** No 0/O, no 1/I: a citizen reads the id aloud on the phone ("D C siete K tres F"). */
export const REPORT_ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const REPORT_ID_LENGTH = 4;

/** A new short report id such as "DC-7K3F" (32^4 ≈ 1 million; uniqueness is enforced where it is stored). */
export function newReportId(random: (max: number) => number = randomInt): string {
    let code = '';
    for (let i = 0; i < REPORT_ID_LENGTH; i++) code += REPORT_ID_ALPHABET[random(REPORT_ID_ALPHABET.length)];
    return `DC-${code}`;
}

/** Whether a text is a report id as the line issues them (case-insensitive, dash optional). */
export function parseReportId(text: string): string | undefined {
    const match = /^\s*dc-?([0-9a-z]{4})\s*$/i.exec(text);
    if (!match) return undefined;
    const code = match[1].toUpperCase();
    return [...code].every((c) => REPORT_ID_ALPHABET.includes(c)) ? `DC-${code}` : undefined;
}
