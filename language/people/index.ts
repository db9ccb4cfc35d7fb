import { tokenize, withinOneEdit, type Token } from '../text/normalize';
import type { PeopleReading, Span, VulnerableKind } from '../types';
import { loadPeopleWords } from './peopleWords';

/**
 * The people at risk a message names: how many, when the citizen says it plainly ("somos 5", "hay 3 personas",
 * "dos chicos", "mi mamá y mi papá"), and who among them is vulnerable (a baby, a child, an elderly person, a
 * pregnant woman, a person with a disability or bedridden). Ages are read as ages, never as a count ("tiene 80 años"
 * is elderly), and neither are house numbers, streets, distances or times. A walk over the normalised words, no
 * regular expressions over the text: linear in the message.
 */

export type { PeopleReading, VulnerableKind } from '../types';

const W = loadPeopleWords();
const KINDS: readonly VulnerableKind[] = ['bebe', 'nino', 'anciano', 'embarazada', 'discapacitado'];

interface KindPhrase {
    kind: VulnerableKind;
    words: readonly string[];
}

/** Kind phrases by first word, longest first; and the long single words that tolerate one typo. */
const BY_FIRST = new Map<string, KindPhrase[]>();
const FUZZY: KindPhrase[] = [];
for (const kind of KINDS) {
    for (const source of W.kinds[kind]) {
        const phrase: KindPhrase = { kind, words: source.split(' ') };
        const list = BY_FIRST.get(phrase.words[0]) ?? [];
        list.push(phrase);
        BY_FIRST.set(phrase.words[0], list);
        if (phrase.words.length === 1 && source.length >= 9) FUZZY.push(phrase);
    }
}
for (const list of BY_FIRST.values()) list.sort((a, b) => b.words.length - a.words.length);

const set = (words: readonly string[]): ReadonlySet<string> => new Set(words);
const NEGATIONS = W.negations.map((source) => source.split(' '));
const SAFE_AFTER = W.safeAfter.map((source) => source.split(' '));
const OWNED_THINGS = set(W.ownedThings);
const POSSESSIVE_SKIP = set(W.possessiveSkip);
const VOCATIVE = set(W.vocativeAtStart);
const AFTER_ARTICLE_ONLY = set(W.afterArticleOnly);
const ARTICLES = set([
    'un',
    'una',
    'el',
    'la',
    'al',
    'del',
    'los',
    'las',
    'ese',
    'este',
    'otro',
    'hay',
    'mi',
    'su',
    'hijo',
    'hija',
    'hermano',
    'hermana'
]);
const GREETING_BEFORE = set(['hola', 'buenas', 'buen', 'dia', 'dias', 'tardes', 'noches', 'gracias', 'che', 'mira']);
const AGE_UNITS = set(W.ageUnits);
const MONTH_UNITS = set(W.monthUnits);
const NOT_COUNT_UNITS = set(W.notCountUnits);
const NOT_COUNT_AFTER = set(W.notCountAfter);
const COUNT_NOUNS = set(W.countNouns);
const GROUP_STARTS = set(W.groupStarts);
const APPROX = W.approx.map((source) => source.split(' '));
const PERSON_NOUNS = set(W.personNouns);
const PAIR_KIN = set(W.pairKin);
const POSSESSIVES = set(['mi', 'mis', 'su', 'sus', 'tu', 'el', 'la', 'nuestro', 'nuestra']);
const DE = set(['de', 'del']);
const AND = set(['y', 'e']);
const MAX_COUNT = 99;

/** A number said in words (uno..veinte) or digits (1..99), else undefined. */
function numberAt(tokens: readonly Token[], i: number): number | undefined {
    const token = tokens[i];
    if (token === undefined) return undefined;
    const word = token.word;
    if (word.length <= 2 && word.length > 0 && word.charCodeAt(0) >= 48 && word.charCodeAt(0) <= 57) {
        const value = Number(word);
        return Number.isInteger(value) && value > 0 && value <= MAX_COUNT ? value : undefined;
    }
    return W.numbers[word];
}

/** Whether tokens from `at` spell `words`, with no sentence break inside. */
function spells(tokens: readonly Token[], at: number, words: readonly string[]): boolean {
    if (at < 0 || at + words.length > tokens.length) return false;
    for (let k = 0; k < words.length; k++) {
        if (tokens[at + k].word !== words[k]) return false;
        if (k > 0 && tokens[at + k].breakBefore) return false;
    }
    return true;
}

function spanOf(text: string, tokens: readonly Token[], from: number, to: number): Span {
    const start = tokens[from].start;
    const end = tokens[to - 1].end;
    return { start, end, text: text.slice(start, end) };
}

/** A negation ("no hay", "sin", "ningún") within the two words before `i`, in the same clause. */
function negatedAt(tokens: readonly Token[], i: number): boolean {
    for (const negation of NEGATIONS) {
        for (let gap = 0; gap <= 1; gap++) {
            const at = i - gap - negation.length;
            if (!spells(tokens, at, negation)) continue;
            let sameClause = true;
            for (let k = at + 1; k <= i; k++) if (tokens[k].breakBefore) sameClause = false;
            if (sameClause) return true;
        }
    }
    return false;
}

/** "Chicos, ..." or "hola chicos": the line's staff addressed, not children. */
function vocativeAt(tokens: readonly Token[], i: number): boolean {
    if (!VOCATIVE.has(tokens[i].word)) return false;
    const next = tokens[i + 1];
    if (next !== undefined && !next.breakBefore) return false;
    const before = tokens[i - 1]?.word ?? '';
    return tokens[i].breakBefore || GREETING_BEFORE.has(before) || before === 'm' || (before === 'mi' && tokens[i - 1].breakBefore);
}

/** "las pastillas de la abuela", "el auto de mi hijo": the person owns something, is not named as at risk. */
function ownerOnlyAt(tokens: readonly Token[], i: number): boolean {
    let k = i - 1;
    if (k >= 0 && POSSESSIVES.has(tokens[k].word)) k--;
    if (k < 0 || !DE.has(tokens[k].word)) return false;
    if (POSSESSIVE_SKIP.has(tokens[i].word)) return true;
    if (tokens[k].word === 'del' && k === i - 1) return OWNED_THINGS.has(tokens[k - 1]?.word ?? '');
    return OWNED_THINGS.has(tokens[k - 1]?.word ?? '');
}

interface Found {
    kind: VulnerableKind;
    from: number;
    to: number;
}

/** Ages and months: "tiene 80 años", "de 3 añitos", "mi hija de 3", "tiene 84", "mi nene de 6 meses", "está de 8 meses". */
function readAges(tokens: readonly Token[], found: Found[], babyNouns: Set<number>): void {
    for (let i = 0; i < tokens.length; i++) {
        const value = numberAt(tokens, i);
        if (value === undefined || tokens[i].word === 'una' || tokens[i].word === 'uno') continue;
        const before = tokens[i - 1]?.word ?? '';
        const before2 = tokens[i - 2]?.word ?? '';
        const unit = tokens[i + 1];
        const unitWord = unit !== undefined && !unit.breakBefore ? unit.word : '';
        const sentenceEnds = unit === undefined || unit.breakBefore;
        if (before === 'hace' || before2 === 'hace') continue;
        if (MONTH_UNITS.has(unitWord)) {
            if (before !== 'de' && before !== 'tiene') continue;
            const owner = tokens[i - 2]?.word ?? '';
            if (owner === 'esta' || owner === 'embarazada' || owner === 'estoy') {
                found.push({ kind: 'embarazada', from: i - 2, to: i + 2 });
            } else if (value <= 24 && (PERSON_NOUNS.has(owner) || before === 'tiene')) {
                found.push({ kind: 'bebe', from: before === 'de' ? i - 2 : i - 1, to: i + 2 });
                if (before === 'de') babyNouns.add(i - 2);
            }
            continue;
        }
        let from: number | undefined;
        let to = i + 1;
        if (AGE_UNITS.has(unitWord)) {
            from = before === 'de' || before === 'tiene' || before === 'como' ? i - 1 : i;
            to = i + 2;
        } else if (before === 'tiene' && sentenceEnds) {
            from = i - 1;
        } else if (before === 'como' && before2 === 'tiene' && sentenceEnds) {
            from = i - 2;
        } else if (before === 'de' && PERSON_NOUNS.has(before2) && !NOT_COUNT_UNITS.has(unitWord) && !COUNT_NOUNS.has(unitWord)) {
            from = i - 2;
        }
        if (from === undefined) continue;
        if (value <= W.childMaxAge) found.push({ kind: 'nino', from, to });
        else if (value >= W.elderMinAge && value < 120) found.push({ kind: 'anciano', from, to });
    }
}

function readVulnerable(text: string, tokens: readonly Token[]): PeopleReading['vulnerable'] {
    const found: Found[] = [];
    const babyNouns = new Set<number>();
    readAges(tokens, found, babyNouns);
    for (let i = 0; i < tokens.length; i++) {
        const word = tokens[i].word;
        let match: KindPhrase | undefined = (BY_FIRST.get(word) ?? []).find((phrase) => spells(tokens, i, phrase.words));
        if (match === undefined && word.length >= 8)
            match = FUZZY.find((phrase) => phrase.words[0][0] === word[0] && withinOneEdit(word, phrase.words[0]));
        if (match === undefined) continue;
        const to = i + match.words.length;
        if (SAFE_AFTER.some((words) => spells(tokens, to, words) && !tokens[to].breakBefore)) continue;
        if (negatedAt(tokens, i) || vocativeAt(tokens, i) || ownerOnlyAt(tokens, i)) continue;
        if (match.kind === 'nino' && babyNouns.has(i)) continue;
        if (AFTER_ARTICLE_ONLY.has(word) && ((i > 0 && tokens[i].breakBefore) || (i > 0 && !ARTICLES.has(tokens[i - 1]?.word ?? '')))) continue;
        found.push({ kind: match.kind, from: i, to });
        i = to - 1;
    }
    const firstOfKind = new Map<VulnerableKind, Found>();
    for (const item of found) {
        const seen = firstOfKind.get(item.kind);
        if (seen === undefined || item.from < seen.from) firstOfKind.set(item.kind, item);
    }
    return [...firstOfKind.values()]
        .sort((a, b) => a.from - b.from)
        .map((item) => ({ kind: item.kind, evidence: spanOf(text, tokens, item.from, item.to) }));
}

/** "tres adultos y un menor", "2 personas": counted people nouns joined by "y"; the total and where it ends. */
function countedItems(tokens: readonly Token[], i: number): { value: number; to: number; items: number; firstIsNumber: boolean } | undefined {
    let value = 0;
    let items = 0;
    let k = i;
    let firstIsNumber = false;
    for (;;) {
        const word = tokens[k]?.word ?? '';
        const n = word === 'un' || word === 'una' ? 1 : numberAt(tokens, k);
        const noun = tokens[k + 1];
        if (n === undefined || noun === undefined || noun.breakBefore || !COUNT_NOUNS.has(noun.word)) break;
        if (items === 0) firstIsNumber = word !== 'un' && word !== 'una' && word !== 'uno';
        value += n;
        items++;
        k += 2;
        const and = tokens[k];
        if (and === undefined || !AND.has(and.word)) break;
        k++;
    }
    if (items === 0) return undefined;
    const end = AND.has(tokens[k - 1]?.word ?? '') ? k - 1 : k;
    return { value, to: end, items, firstIsNumber };
}

function readCount(text: string, tokens: readonly Token[]): PeopleReading['count'] {
    for (let i = 0; i < tokens.length; i++) {
        const word = tokens[i].word;
        const before = i > 0 && !tokens[i].breakBefore ? tokens[i - 1].word : '';
        // "dos chicos", "hay 3 personas", "tres adultos y un menor"
        if (!NOT_COUNT_AFTER.has(before) || before === 'de') {
            const items = countedItems(tokens, i);
            if (items !== undefined && (items.items >= 2 || items.firstIsNumber) && items.value <= MAX_COUNT) {
                if (before !== 'de' || items.items >= 2) return { value: items.value, evidence: spanOf(text, tokens, i, items.to) };
            }
        }
        // "somos 5", "somos como 8", "hay 3", "los 2 siguen"
        if (GROUP_STARTS.has(word)) {
            let k = i + 1;
            const approx = APPROX.find((words) => spells(tokens, k, words));
            if (approx !== undefined) k += approx.length;
            if (tokens[k] === undefined || tokens[k].breakBefore) continue;
            const value = numberAt(tokens, k);
            if (value === undefined || tokens[k].word === 'una' || tokens[k].word === 'uno') continue;
            const next = tokens[k + 1];
            const nextWord = next !== undefined && !next.breakBefore ? next.word : '';
            if (NOT_COUNT_UNITS.has(nextWord) || nextWord === 'de' || nextWord === 'por' || (nextWord === 'en' && word === 'los')) continue;
            if (COUNT_NOUNS.has(nextWord)) continue;
            return { value, evidence: spanOf(text, tokens, i, k + 1) };
        }
    }
    return readPair(text, tokens);
}

/** "mi mamá y mi papá", "mi abuela, mi tía y mi hermano": kin named one by one, with a possessive each. */
function readPair(text: string, tokens: readonly Token[]): PeopleReading['count'] {
    for (let i = 0; i + 1 < tokens.length; i++) {
        if (!POSSESSIVES.has(tokens[i].word) || !PAIR_KIN.has(tokens[i + 1].word)) continue;
        let value = 1;
        let k = i + 2;
        let end = k;
        for (;;) {
            const joiner = tokens[k];
            if (joiner === undefined) break;
            const isAnd = AND.has(joiner.word) && !joiner.breakBefore;
            const isComma = !isAnd && joiner.breakBefore && text.slice(tokens[k - 1].end, joiner.start).trim() === ',';
            let at = isAnd ? k + 1 : isComma ? k : -1;
            if (at < 0) break;
            if (POSSESSIVES.has(tokens[at]?.word ?? '')) at++;
            else if (!isAnd || at !== k + 1) break;
            if (!PAIR_KIN.has(tokens[at]?.word ?? '') || (tokens[at].breakBefore && isAnd)) break;
            value++;
            end = at + 1;
            k = at + 1;
            if (isAnd) break;
        }
        if (value >= 2) return { value, evidence: spanOf(text, tokens, i, end) };
    }
    return undefined;
}

/** The people at risk `text` names: a plain count, and the vulnerable kinds with their evidence. */
export function readPeople(text: string): PeopleReading {
    const tokens = tokenize(text);
    const count = readCount(text, tokens);
    return { ...(count ? { count } : {}), vulnerable: readVulnerable(text, tokens) };
}
