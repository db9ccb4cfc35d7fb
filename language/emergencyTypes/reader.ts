import type { Span, TypeReading } from '../types';
import { squeeze, Token, tokenize } from '../text/normalize';
import { PatternIndex } from './matcher';
import { loadRealWordsNearTypes } from './realWordsNearTypes';
import { HAZARD_TYPE_IDS, HazardTypeId, loadTypeWords, TypeId, TypeWords } from './typeWords';

/** One piece of evidence for a type: how strongly it names the type, and which tokens say it. */
interface Evidence {
    id: TypeId;
    weight: number;
    first: number;
    last: number;
    source: string;
}

/** A type's best evidence and the weight of all its different evidence together. */
interface Ranked extends Evidence {
    total: number;
}

type FireClass = 'cue' | 'building' | 'wildland' | 'notHazard' | 'spreading' | 'interior';

/** Everything built from the word file, once, at module load. */
interface Lexicon {
    words: TypeWords;
    hazards: PatternIndex<{ id: HazardTypeId; weight: number }>;
    places: PatternIndex<null>;
    fire: PatternIndex<FireClass>;
    other: PatternIndex<null>;
    inside: PatternIndex<null>;
    otherWeak: PatternIndex<null>;
    otherLead: PatternIndex<null>;
    otherCancel: PatternIndex<null>;
    negations: ReadonlySet<string>;
    bridges: ReadonlySet<string>;
    rank: ReadonlyMap<TypeId, number>;
}

function buildLexicon(words: TypeWords, realWordsNear: readonly string[]): Lexicon {
    const known = new Set([...words.knownWords, ...realWordsNear].map(squeeze));
    const hazards = new PatternIndex<{ id: HazardTypeId; weight: number }>(known);
    for (const id of HAZARD_TYPE_IDS) for (const entry of words.types[id]) hazards.add(entry.p, { id, weight: entry.w });
    const places = new PatternIndex<null>(known);
    for (const name of [...words.placeNames, ...words.notHazards]) places.add(name, null);
    const fire = new PatternIndex<FireClass>(known);
    for (const cls of ['cues', 'building', 'wildland', 'notHazard', 'spreading', 'interior'] as const) {
        for (const p of words.fire[cls]) fire.add(p, cls === 'cues' ? 'cue' : cls);
    }
    const other = new PatternIndex<null>(known);
    for (const p of words.other) other.add(p, null);
    const inside = new PatternIndex<null>(known);
    for (const p of words.insideCollapse) inside.add(p, null);
    const otherWeak = new PatternIndex<null>(known);
    for (const p of words.otherWeak) otherWeak.add(p, null);
    const otherLead = new PatternIndex<null>(known);
    for (const p of words.otherLead) otherLead.add(p, null);
    const otherCancel = new PatternIndex<null>(known);
    for (const p of words.otherCancel) otherCancel.add(p, null);
    return {
        words,
        hazards,
        places,
        fire,
        other,
        inside,
        otherWeak,
        otherLead,
        otherCancel,
        negations: new Set(words.negations),
        bridges: new Set(words.negationBridges),
        rank: new Map(words.tieOrder.map((id, index) => [id, index]))
    };
}

const LEXICON = buildLexicon(loadTypeWords(), loadRealWordsNearTypes());

/**
 * The words of the type lists `word` would be read as only through typo tolerance (see
 * {@link PatternIndex.keywordsReachedByTypo}): for the generated list of real words near them.
 */
export function typeWordsReachedByTypo(word: string): string[] {
    return indices().flatMap((index) => index.keywordsReachedByTypo(word));
}

/** Every word and word beginning of the type lists that typo tolerance reads (see {@link PatternIndex.typoTargets}). */
export function typeWordsTypoTargets(): { words: string[]; prefixes: string[] } {
    const targets = indices().map((index) => index.typoTargets());
    return { words: targets.flatMap((t) => t.words), prefixes: targets.flatMap((t) => t.prefixes) };
}

function indices(): Array<PatternIndex<unknown>> {
    const { hazards, places, fire, other, inside, otherWeak, otherLead, otherCancel } = LEXICON;
    return [hazards, places, fire, other, inside, otherWeak, otherLead, otherCancel];
}

/**
 * The emergency types a message names, best first; empty when it names none. Hazard words are read from
 * language/data/typeWords.json; words inside place names ("Piedra Blanca") name nothing, a negation right before
 * ("no hay nadie atrapado") cancels them; a real emergency naming no hazard (an illness, a fall, violence, a call
 * for help) is `other`. Numbers (a choice of the list) are not read here.
 */
export function readEmergencyTypes(text: string): TypeReading[] {
    const tokens = tokenize(text);
    if (tokens.length === 0) return [];
    const blocked = placeNameTokens(tokens);
    const hazards = hazardEvidence(tokens, blocked);
    const evidence = [...hazards, ...insideACollapse(tokens, blocked, hazards), ...fireEvidence(tokens, blocked), ...otherEvidence(tokens, blocked)];
    const decided = roadYieldsToItsCause(trappedYieldsToTheHazard(weatherCollapseIsStormDamage(tokens, evidence)));
    return withoutOtherAfterHazard(heavyEnough(rankTypes(decided), tokens.filter((t) => !ANSWER_FILLERS.has(t.word)).length)).map((best) => ({
        id: best.id,
        evidence: spanOf(text, tokens, best.first, best.last)
    }));
}

/** Tokens inside a place or person name that holds a hazard word ("Piedra Blanca", "soy Socorro"), or a phrase that names no hazard ("arma de fuego", "se cayó del techo"). */
function placeNameTokens(tokens: readonly Token[]): boolean[] {
    const blocked = tokens.map(() => false);
    for (const match of LEXICON.places.matches(tokens)) for (let i = match.first; i <= match.last; i++) blocked[i] = true;
    return blocked;
}

/** A negation before `first`, with only bridge words ("hay", "nadie") between: "no hay nadie atrapado". */
function isNegated(tokens: readonly Token[], first: number): boolean {
    for (let j = first - 1; j >= 0 && first - j <= 4; j--) {
        if (LEXICON.negations.has(tokens[j].word)) return true;
        if (!LEXICON.bridges.has(tokens[j].word) || tokens[j + 1].breakBefore) return false;
    }
    return false;
}

/** A negation after the words, in the same clause: "atrapados no hay", "heridos ninguno", "se lastimó nadie". */
function isNegatedAfter(tokens: readonly Token[], last: number): boolean {
    const next = tokens[last + 1];
    if (next === undefined || next.breakBefore) return false;
    if (NOBODY.has(next.word)) return true;
    const then = tokens[last + 2];
    return next.word === 'no' && then !== undefined && !then.breakBefore && AFTER_NO.has(then.word);
}

const NOBODY: ReadonlySet<string> = new Set(['nadie', 'ninguno', 'ninguna']);
const AFTER_NO: ReadonlySet<string> = new Set(['hay', 'habia', 'hubo']);

/**
 * An emergency cue denied by "nadie", "ningún" before it or a negation after it ("nadie se lastimó", "no
 * murió nadie"). A plain "no" before does not deny it: "no respira", "no reacciona" are the emergency.
 */
function deniedByNobody(tokens: readonly Token[], first: number, last: number): boolean {
    for (let j = first - 1; j >= 0 && first - j <= 3; j--) {
        if (tokens[j + 1].breakBefore) break;
        if (NOBODY.has(tokens[j].word) || tokens[j].word === 'ningun') return true;
        if (!LEXICON.bridges.has(tokens[j].word)) break;
    }
    return isNegatedAfter(tokens, last);
}

/** The hazard patterns of every type found in the text, unnegated. */
function hazardEvidence(tokens: readonly Token[], blocked: readonly boolean[]): Evidence[] {
    return LEXICON.hazards
        .matches(tokens, blocked)
        .filter((match) => !isNegated(tokens, match.first) && !isNegatedAfter(tokens, match.last))
        .map((match) => ({
            id: match.pattern.payload.id,
            weight: match.pattern.payload.weight,
            first: match.first,
            last: match.last,
            source: match.pattern.source
        }));
}

/** What brings a building down on people: with one of these, people inside are people trapped. */
const COLLAPSE_HAZARDS: ReadonlySet<TypeId> = new Set<TypeId>(['landslide', 'earthquake', 'storm_damage']);

/** People said to be inside ("hay gente adentro") are trapped only where something collapsed; else it is where they are. */
function insideACollapse(tokens: readonly Token[], blocked: readonly boolean[], hazards: readonly Evidence[]): Evidence[] {
    if (!hazards.some((item) => COLLAPSE_HAZARDS.has(item.id) && item.weight >= LEXICON.words.minWeight) && !somethingHeavyFell(tokens)) return [];
    return LEXICON.inside
        .matches(tokens, blocked)
        .filter((match) => !isNegated(tokens, match.first) && !isNegatedAfter(tokens, match.last))
        .map((match) => ({ id: 'people_trapped', weight: 7, first: match.first, last: match.last, source: match.pattern.source }));
}

/** Verbs of a weight coming down ("se cayó", "se vino abajo", "se derrumbó"), each the start of a word. */
const COMING_DOWN: readonly string[] = LEXICON.words.heavyFall.comingDown;
/** Heavy things that fall on people: what is built, furniture, machines, trees. */
const HEAVY: ReadonlySet<string> = new Set(LEXICON.words.heavyFall.things);
/** How far apart the verb and the heavy thing may be: "se vino abajo el encofrado de la losa". */
const HEAVY_REACH = 4;

/** "se cayó la marquesina del local y hay una señora abajo": a weight came down, so someone under it is trapped. */
function somethingHeavyFell(tokens: readonly Token[]): boolean {
    return tokens.some(
        (t, k) =>
            COMING_DOWN.some((verb) => t.word.startsWith(verb)) &&
            tokens.slice(Math.max(0, k - HEAVY_REACH), k + HEAVY_REACH + 1).some((n) => HEAVY.has(n.word))
    );
}

/**
 * A fire is a house fire or a wildfire by the nearest thing burning within the window: a building or vehicle, or
 * the hills, scrub or grass. A fire of rubbish or leaves with neither names no type; a fire of nothing named is
 * read as a house fire.
 */
const SMOKE: ReadonlySet<string> = new Set(['humo', 'humareda', 'humadera']);

/** Fire cues that name a fire by themselves ("hay un incendio"), from the word file's `fire.strong`. */
const STRONG_FIRE: ReadonlySet<string> = new Set(LEXICON.words.fire.strong);

/** How near a fire cue a thing lit on purpose must be to make it no fire ("prendieron el brasero"). */
const HEATER_REACH = 2;

function fireEvidence(tokens: readonly Token[], blocked: readonly boolean[]): Evidence[] {
    const found = LEXICON.fire.matches(tokens, blocked);
    if (!found.some((m) => m.pattern.payload === 'cue')) return [];
    const window = LEXICON.words.fire.window;
    const classes = markClasses(tokens.length, found);
    // "lejos de las casas", "no hay casas cerca": a building named as what does not burn
    classes.forEach((marks, i) => {
        if (marks?.has('building') && buildingDenied(tokens, i)) marks.delete('building');
    });
    const evidence: Evidence[] = [];
    for (const cue of found) {
        if (cue.pattern.payload !== 'cue' || isNegated(tokens, cue.first)) continue;
        // "prendieron el brasero en la pieza", "la estufa prendida": what is lit on purpose, right beside the cue, is no
        // fire, whatever room it is in
        if (nearestOf(classes, 'notHazard', cue.first, cue.last, HEATER_REACH) <= HEATER_REACH) continue;
        if (!SMOKE.has(tokens[cue.first].word) && spreadsFromOutside(classes, cue.first, cue.last, window)) {
            evidence.push({ id: 'wildfire', weight: 5, first: cue.first, last: cue.last, source: cue.pattern.source });
            continue;
        }
        const building = nearestOf(classes, 'building', cue.first, cue.last, window);
        const wildland = nearestOf(classes, 'wildland', cue.first, cue.last, window);
        if (building === Infinity && wildland === Infinity) {
            // Smoke with nothing burning named is anyone's barbecue or rubbish: no type until the citizen says what burns.
            if (SMOKE.has(tokens[cue.first].word)) continue;
            // "Incendio", "se está quemando" name a fire on their own (read as a house fire); "fuego", "se quemó", "explotó" alone may be a pot, a hand or a game.
            const weight = STRONG_FIRE.has(cue.pattern.source) ? 3 : 2;
            if (nearestOf(classes, 'notHazard', cue.first, cue.last, window) === Infinity)
                evidence.push({ id: 'structure_fire', weight, first: cue.first, last: cue.last, source: cue.pattern.source });
        } else if (wildland < building) evidence.push({ id: 'wildfire', weight: 4, first: cue.first, last: cue.last, source: cue.pattern.source });
        else evidence.push({ id: 'structure_fire', weight: 4, first: cue.first, last: cue.last, source: cue.pattern.source });
    }
    // "se quema el rastrojo del vecino y el humo tapa todo": the smoke is the fire's, read by the fire's own words
    const byFire = evidence.filter((e) => !SMOKE.has(tokens[e.first].word));
    return byFire.length > 0 ? byFire : evidence;
}

/**
 * A fire said to move ("el fuego avanza hacia las casas", "se viene por la loma") is a fire outside coming on:
 * a wildfire, unless a room or a vehicle is named near it ("avanza hacia la habitación" is the house burning).
 */
function spreadsFromOutside(classes: ReadonlyArray<Set<FireClass> | undefined>, first: number, last: number, window: number): boolean {
    let moves = false;
    for (let i = Math.max(0, first - 2); i <= last + 3 && i < classes.length; i++) if (i !== first && classes[i]?.has('spreading')) moves = true;
    return moves && nearestOf(classes, 'interior', first, last, window) === Infinity;
}

/** The fire word classes each token belongs to (a phrase marks all its tokens). */
function markClasses(
    length: number,
    found: ReadonlyArray<{ pattern: { payload: FireClass }; first: number; last: number }>
): Array<Set<FireClass> | undefined> {
    const classes: Array<Set<FireClass> | undefined> = new Array(length);
    for (const match of found) {
        for (let i = match.first; i <= match.last; i++) (classes[i] ??= new Set()).add(match.pattern.payload);
    }
    return classes;
}

/** Words before a building that say it is not what burns: "lejos de las casas", "no hay casas", "sin viviendas". */
const AWAY_FROM = new Set(['lejos', 'sin', 'ni', 'ninguna', 'ningun', 'ninguno']);
const ARTICLES = new Set(['de', 'del', 'la', 'las', 'el', 'los', 'una', 'unas', 'un', 'unos', 'hay']);

function buildingDenied(tokens: readonly Token[], at: number): boolean {
    let k = at - 1;
    while (k >= 0 && at - k <= 3 && ARTICLES.has(tokens[k].word)) k--;
    if (k < 0 || at - k > 4) return false;
    return AWAY_FROM.has(tokens[k].word) || (tokens[k].word === 'no' && tokens[k + 1]?.word === 'hay');
}

/** Tokens between [first, last] and the nearest token of class `cls` within `window` on either side, or Infinity. */
function nearestOf(classes: ReadonlyArray<Set<FireClass> | undefined>, cls: FireClass, first: number, last: number, window: number): number {
    for (let distance = 1; distance <= window; distance++) {
        if (classes[last + distance]?.has(cls) || (first - distance >= 0 && classes[first - distance]?.has(cls))) return distance;
    }
    return Infinity;
}

/**
 * A real emergency of none of the kinds: an illness, a fall, violence, or "otra" as an answer. A call for help
 * ("auxilio", "urgente") names no emergency: two different calls read as `other`, one alone reads nothing.
 */
function otherEvidence(tokens: readonly Token[], blocked: readonly boolean[]): Evidence[] {
    // "No hay heridos", "sin heridos": whatever else is said, nobody's health is at stake.
    if (LEXICON.otherCancel.matches(tokens, blocked).length > 0) return [];
    const lead = LEXICON.otherLead.matches(tokens, blocked).filter((m) => m.first === 0);
    const cues = LEXICON.other.matches(tokens, blocked).filter((m) => !deniedByNobody(tokens, m.first, m.last));
    const calls = LEXICON.otherWeak.matches(tokens, blocked).filter((m) => !isNegated(tokens, m.first));
    const distinctCalls = new Set(calls.map((m) => tokens[m.first].key)).size;
    return [...lead, ...cues, ...(distinctCalls >= 2 || (distinctCalls === 1 && tokens.length >= 4) ? calls : [])]
        .slice(0, 1)
        .map((m) => ({ id: 'other', weight: 1, first: m.first, last: m.last, source: m.pattern.source }));
}

/** The longest message read as a bare answer ("agua", "cables caídos"): any hazard word names its type there. */
const BARE_ANSWER_TOKENS = 1;
/** Words around a bare answer that add nothing to it: "lo del agua", "la piedra", "el de los cables". */
const ANSWER_FILLERS: ReadonlySet<string> = new Set(['lo', 'la', 'el', 'los', 'las', 'de', 'del', 'un', 'una', 'es', 'fue']);

/**
 * A lone weak word ("agua", "techo", "río" in a landmark) names no type: a type is read when its evidence weighs
 * at least `minWeight` together, or the whole message is a bare answer of a word or two. `other` is read from its
 * own cue list, where the weak calls for help already need company.
 */
function heavyEnough(ranked: readonly Ranked[], tokenCount: number): Ranked[] {
    if (tokenCount <= BARE_ANSWER_TOKENS) return [...ranked];
    return ranked.filter((item) => item.id === 'other' || item.total >= LEXICON.words.minWeight);
}

/**
 * One reading per type, by its heaviest evidence, then how much evidence, then the tie order of the word file.
 * A word said twice counts once in the total ("agua, agua" is no more than "agua"), and so do the same words read by two patterns.
 */
function rankTypes(evidence: readonly Evidence[]): Ranked[] {
    const best = new Map<TypeId, { top: Evidence; total: number; sources: Set<string>; counted: Evidence[] }>();
    for (const item of [...evidence].sort((a, b) => b.weight - a.weight)) {
        const current = best.get(item.id);
        if (!current) best.set(item.id, { top: item, total: item.weight, sources: new Set([item.source]), counted: [item] });
        else {
            // The same words read twice (an exact word and its one-typo neighbour, two overlapping patterns) count once.
            const overlaps = current.counted.some((c) => item.first <= c.last && c.first <= item.last);
            if (!current.sources.has(item.source) && !overlaps) {
                current.total += item.weight;
                current.counted.push(item);
            }
            current.sources.add(item.source);
            if (item.weight > current.top.weight) current.top = item;
        }
    }
    return [...best.values()]
        .sort((a, b) => b.top.weight - a.top.weight || b.total - a.total || (LEXICON.rank.get(a.top.id) ?? 99) - (LEXICON.rank.get(b.top.id) ?? 99))
        .map((entry) => ({ ...entry.top, total: entry.total }));
}

/** Types that name what trapped people (a collapse, a quake): against these, people trapped is the emergency. */
const COLLAPSES: ReadonlySet<TypeId> = new Set<TypeId>(['landslide', 'earthquake', 'storm_damage', 'road_blocked', 'people_trapped', 'other']);

/**
 * People trapped by a fire or by water are a fire or a flood (the hazard decides who goes); people trapped is the
 * type when what holds them is a collapse, a vehicle or nothing named.
 */
function trappedYieldsToTheHazard(evidence: readonly Evidence[]): Evidence[] {
    const hazard = evidence.some((item) => !COLLAPSES.has(item.id) && item.weight >= 3);
    return hazard ? evidence.filter((item) => item.id !== 'people_trapped') : [...evidence];
}

/** Types that cut a road and are the report's cause: "se cortó el camino por la crecida" is the flood, a tree across it the fallen tree. */
const ROAD_CAUSES: ReadonlySet<TypeId> = new Set<TypeId>(['flood', 'flash_flood', 'landslide', 'fallen_lines']);

/** A road cut by water or a landslide is that hazard, unless the hazard word is part of the cut ("el badén está cortado"). */
function roadYieldsToItsCause(evidence: readonly Evidence[]): Evidence[] {
    const roads = evidence.filter((item) => item.id === 'road_blocked');
    if (roads.length === 0) return [...evidence];
    const cause = evidence.some(
        (item) => ROAD_CAUSES.has(item.id) && item.weight >= 2 && roads.every((road) => item.last < road.first || item.first > road.last)
    );
    return cause ? evidence.filter((item) => item.id !== 'road_blocked') : [...evidence];
}

const BUILT: ReadonlySet<string> = new Set(LEXICON.words.weatherCollapse.built);
const WEATHER_CAUSES: ReadonlySet<string> = new Set(LEXICON.words.weatherCollapse.causes);
const NATURAL: ReadonlySet<string> = new Set(LEXICON.words.weatherCollapse.natural);
/** How far from a collapse word the thing built that fell may be named ("se derrumbó el horno de barro"). */
const COLLAPSE_REACH = 4;

/**
 * Something built that fell with the weather ("se cayó el tapial con el viento", "el horno se derrumbó con la lluvia")
 * is storm damage: a landslide is the hills coming down. A collapse read as a landslide becomes storm damage when a
 * thing built is named near it, the message names a weather cause, and nothing of the hills is named.
 */
function weatherCollapseIsStormDamage(tokens: readonly Token[], evidence: readonly Evidence[]): Evidence[] {
    if (!evidence.some((item) => item.id === 'landslide')) return [...evidence];
    if (!tokens.some((t) => WEATHER_CAUSES.has(t.word)) || tokens.some((t) => NATURAL.has(t.word))) return [...evidence];
    const builtNear = (item: Evidence): boolean => {
        for (let k = Math.max(0, item.first - COLLAPSE_REACH); k <= Math.min(tokens.length - 1, item.last + COLLAPSE_REACH); k++)
            if (BUILT.has(tokens[k].word)) return true;
        return false;
    };
    return evidence.map((item) => (item.id === 'landslide' && builtNear(item) ? { ...item, id: 'storm_damage' } : item));
}

/** `other` is what a message is when it names no hazard: it is dropped when a hazard is read first. */
function withoutOtherAfterHazard(ranked: readonly Ranked[]): Ranked[] {
    return ranked.length > 0 && ranked[0].id !== 'other' ? ranked.filter((item) => item.id !== 'other') : [...ranked];
}

function spanOf(text: string, tokens: readonly Token[], first: number, last: number): Span {
    const start = tokens[first].start;
    const end = tokens[last].end;
    return { start, end, text: text.slice(start, end) };
}
