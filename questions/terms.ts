import { StemmerEs } from '@nlpjs/lang-es';
import { normalizeText, words } from '../language';

/**
 * The terms a question is compared on: the language layer's folding (lowercase, no accents, no punctuation), the
 * Snowball stem of each word, then a spelling key that forgives what WhatsApp Spanish mixes up (double letters,
 * s/z/c, b/v, a dropped h, ll/y): "inundación", "inundacion" and "inundasion" meet; "lluvia" and "luvia" too.
 *
 * The stemmer is the one the language layer uses (@nlpjs/lang-es); `language/index.ts` does not export its
 * `stemOf` yet, so it is called here directly. When it does, {@link stemOf} becomes that import.
 */
const STEMMER = new StemmerEs();
const STEMS = new Map<string, string>();

function stemOf(word: string): string {
    let stem = STEMS.get(word);
    if (stem === undefined) {
        stem = STEMMER.stemWord(word);
        if (STEMS.size >= 20_000) STEMS.clear();
        STEMS.set(word, stem);
    }
    return stem;
}

/**
 * Words that carry no topic: articles, prepositions, pronouns, the verbs of asking ("quiero saber", "me podes
 * decir"), greetings and WhatsApp shorthands (q, xq, x, d, pa). Compared after folding.
 */
const STOP_WORDS = new Set(
    `
a al algo alguien algun alguna alguno ante aqui asi aca ahi ahora bien buen buena buenas buenos como con consulta consulto
cual cuales cuando cuanto da de del dice dicen digame donde e el ella ellos en entonces era es esa ese eso esta estan
estas este esto estoy gracias ha habia hace hacer hola la las le les lo los me mi mis muy nada ni nos o otra otro para pero
podes podria podrian por porfa porque pregunta pregunto puede puedo pq q que quiero quisiera saber se sea segun ser si sin
sobre su sus tambien tan te tenes tengo ti tiene tienen toy tu tus un una uno unos unas usted ustedes va vos x xq xfa y ya
d pa k ke porq tmb tb che buenas dias tardes noches senor senora disculpe disculpa perdon ok okey
hay hago haga hagan hacemos hacen hacer hace hacerlo debo debemos deberia tener tenemos tienes necesito necesitamos
puedo podemos pueden pasa paso fue fui son soy somos estamos esta estan eres todo toda todos todas mucho mucha muchos
muchas poco vez hoy ayer manana recien aca alli favor info alla entre cuanto cuanta cuantos mas menos otro otros
`
        .trim()
        .split(/\s+/)
);

/** Shorthands written for topic words: expanded before stemming. */
const SHORTHANDS: Readonly<Record<string, string>> = {
    tel: 'telefono',
    tele: 'telefono',
    cel: 'celular',
    nro: 'numero',
    num: 'numero',
    nros: 'numeros',
    wsp: 'whatsapp',
    wpp: 'whatsapp',
    whats: 'whatsapp',
    guasap: 'whatsapp',
    emerg: 'emergencia',
    info: 'informacion'
};

/** Spelling differences that are noise here: applied to stems, on both sides, so they only have to agree. */
function spellingKey(stem: string): string {
    return stem
        .replace(/(\p{L})\1+/gu, '$1') // doubled letters: ll -> l, rr -> r, cc -> c
        .replace(/ch/g, '\u0001')
        .replace(/h/g, '') // "ay" for "hay", "umo" for "humo"
        .replace(/\u0001/g, 'ch')
        .replace(/qu([ei])/g, 'k$1')
        .replace(/c([ei])/g, 's$1')
        .replace(/z/g, 's')
        .replace(/c/g, 'k')
        .replace(/v/g, 'b')
        .replace(/y/g, 'i')
        .replace(/w/g, 'u');
}

/** One term of a text: its key (what is compared) and the word it came from (shown in the preview). */
export interface Term {
    key: string;
    word: string;
}

/** The topic terms of a text, once each, in order. */
export function termsOf(text: string): Term[] {
    const seen = new Set<string>();
    const terms: Term[] = [];
    for (const written of words(normalizeText(text))) {
        const word = SHORTHANDS[written] ?? written;
        if (STOP_WORDS.has(word) || (/^\d+$/.test(word) && word.length > 4)) continue;
        const key = spellingKey(stemOf(word));
        if (key.length === 0 || seen.has(key)) continue;
        seen.add(key);
        terms.push({ key, word });
    }
    return terms;
}
