import type { FeedbackType, ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ACCOUNT_TEXTS, PASSWORD_FEEDBACK_TEXTS } from '../texts';

/**
 * The one password rule of the line, for every way a password is set: an account created or changed through the
 * API, a password changed by its owner, ADMIN_PASSWORD at start, and the recovery command (`npm run
 * create-supervisor`). Lengths are checked where the password comes in (the API's schemas, config.ts); this is the
 * guessing estimate on top of them.
 *
 * The estimate is @zxcvbn-ts/core with the common and Spanish dictionaries and the account's own words (username,
 * display name, the institution's name): a score from 0 to 4, and at least {@link MIN_PASSWORD_SCORE} passes. A
 * score of 3 means about 10^8 guesses or more ("safely unguessable" online, and slow offline against argon2id).
 */
export const MIN_PASSWORD_SCORE = 3;

/**
 * How much of a password is estimated. zxcvbn's matching grows fast with length (about 1.5 s for 128 random
 * characters on one core): the first 128 characters are checked, and a longer password (the API takes up to 200)
 * is at least as strong as its first 128.
 */
export const CHECKED_PASSWORD_CHARS = 128;

/** Words that make a password of this line easy to guess whoever the user is. */
const INSTITUTION_WORDS = ['defensa civil', 'defensacivil', 'defensa', 'civil', 'catamarca', 'linea de emergencias', 'emergencias'];

export interface PasswordVerdict {
    acceptable: boolean;
    /** 0 (trivial) to 4 (very hard to guess). */
    score: number;
    /** Why it was refused and what to do, in Spanish (usted); only when not acceptable. */
    reason?: string;
}

/** The words of an account a password must not lean on: its username, its display name and each of their parts. */
export function passwordUserInputs(account: { username: string; displayName?: string | undefined }): string[] {
    const words = new Set<string>(INSTITUTION_WORDS);
    for (const text of [account.username, account.displayName ?? '']) {
        const lower = text.trim().toLowerCase();
        if (!lower) continue;
        const plain = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
        for (const variant of [lower, plain]) {
            words.add(variant);
            words.add(variant.replace(/[^\p{L}\p{N}]+/gu, ''));
            for (const part of variant.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
        }
    }
    words.delete('');
    return [...words];
}

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take ~150 ms and ~15 MB, which only a process that checks passwords pays. */
function estimatorOf(): ZxcvbnFactory {
    if (!estimator) {
        // Loaded here, not at the top: config.ts imports this file, and most starts check no password.
        /* eslint-disable @typescript-eslint/no-require-imports -- a lazy load, on purpose */
        const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
        const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
        const spanish = require('@zxcvbn-ts/language-es-es') as typeof import('@zxcvbn-ts/language-es-es');
        /* eslint-enable @typescript-eslint/no-require-imports */
        estimator = new Factory({
            dictionary: { ...common.dictionary, ...spanish.dictionary },
            graphs: common.adjacencyGraphs,
            translations: PASSWORD_FEEDBACK_TEXTS,
            maxLength: CHECKED_PASSWORD_CHARS
        });
    }
    return estimator;
}

/**
 * Judges a password against {@link MIN_PASSWORD_SCORE}. Synchronous and CPU-bound (from a few ms to ~1.5 s):
 * the server calls it from a worker thread ({@link WorkerPasswordStrength}); config.ts at start and the recovery
 * command, which have nothing else to do meanwhile, call it directly.
 */
export function judgePassword(password: string, userInputs: string[]): PasswordVerdict {
    const result = estimatorOf().check(password.slice(0, CHECKED_PASSWORD_CHARS), userInputs);
    if (result.score >= MIN_PASSWORD_SCORE) return { acceptable: true, score: result.score };
    return { acceptable: false, score: result.score, reason: describeRefusal(result.feedback) };
}

/** "La contraseña es demasiado fácil de adivinar." followed by the estimator's warning and suggestions (our texts). */
function describeRefusal(feedback: FeedbackType): string {
    const details = [feedback.warning, ...feedback.suggestions].filter((text): text is string => Boolean(text));
    if (details.length === 0) details.push(ACCOUNT_TEXTS.weakPasswordAdvice);
    return [ACCOUNT_TEXTS.weakPassword, ...new Set(details)].join(' ');
}
