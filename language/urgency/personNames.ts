import type { Compiled } from './compiledWords';
import type { Word } from './patterns';
import { NO_CLASSES } from './placeAndStreetNames';

/** Words before a capitalised word that make it a person's name ("la Rosita", "a Juan", "don Cacho", "con Pedro"). */
const NAME_LEADS = new Set([
    'la',
    'el',
    'a',
    'al',
    'don',
    'dona',
    'con',
    'sra',
    'sr',
    'senora',
    'senor',
    'tia',
    'tio',
    'abuela',
    'abuelo',
    'hijo',
    'hija',
    'nene',
    'nena',
    'vecino',
    'vecina',
    'hermano',
    'hermana'
]);
/** Words before "la"/"el" that make the capitalised word after them a place ("en la Tablada", "por el Jumeal"). */
const PLACE_LEADS = new Set([
    'en',
    'de',
    'del',
    'por',
    'hasta',
    'desde',
    'para',
    'hacia',
    'frente',
    'cerca',
    'calle',
    'barrio',
    'bo',
    'ruta',
    'av',
    'avenida',
    'pasaje',
    'villa',
    'paraje',
    'escuela',
    'hospital',
    'club',
    'plaza',
    'rio',
    'dique',
    'arroyo',
    'cerro',
    'san',
    'santa',
    'virgen',
    'colegio',
    'capilla',
    'iglesia',
    'sanatorio',
    'clinica',
    'puente',
    'finca',
    'estancia',
    'quebrada',
    'cuesta',
    'loteo',
    'sector',
    'zona',
    'dpto',
    'departamento',
    'localidad',
    'esquina',
    'entre',
    'junto',
    'altura',
    'al',
    'mza',
    'manzana',
    'km'
]);
/** After a capitalised word opening a clause, these say it is the subject of what follows ("Juancito se cayó", "Paola no despierta"). */
const SUBJECT_NEXT = new Set(['se', 'no', 'esta', 'quedo', 'sigue', 'tiene', 'cayo', 'le', 'me', 'nos', 'estaba', 'fue', 'tuvo', 'ya']);
/** Words that open a sentence capitalised without being a name. */
const NOT_NAMES = new Set([
    'hay',
    'ayer',
    'hoy',
    'anoche',
    'ahora',
    'ya',
    'aca',
    'alla',
    'ahi',
    'aqui',
    'alli',
    'recien',
    'todo',
    'todos',
    'nada',
    'algo',
    'esto',
    'eso',
    'creo',
    'parece',
    'tambien',
    'todavia',
    'despues',
    'manana',
    'siempre',
    'nunca',
    'casi',
    'entonces',
    'bueno',
    'hola',
    'buenas',
    'buen',
    'gracias',
    'perdon',
    'disculpe',
    'el',
    'la',
    'los',
    'las',
    'un',
    'una',
    'mi',
    'mis',
    'tu',
    'su',
    'sus',
    'este',
    'esta',
    'ese',
    'esa',
    'aquel',
    'que',
    'como',
    'cuando',
    'donde',
    'si',
    'pero',
    'porque',
    'y',
    'o',
    'ni',
    'no',
    'por',
    'para',
    'con',
    'sin',
    'en',
    'de',
    'del',
    'al',
    'a',
    'lo',
    'le',
    'se',
    'me',
    'nos',
    'otra',
    'otro',
    'tarde',
    'noche',
    'dia',
    'hace',
    'desde',
    'recien',
    'igual',
    'tampoco',
    'solo',
    'asi',
    'mientras',
    'luego',
    'cuidado',
    'ojo',
    'atencion',
    'consulta',
    'pregunta',
    'gente',
    'senores',
    'estimados',
    'quien',
    'cual',
    'mucho',
    'mucha',
    'muy',
    'poco',
    'nadie',
    'ninguno'
]);

/**
 * Rule: a capitalised word that no list knows, after "la", "el", "a", "don" ("la Rosita", "a Juan", "el Nacho") or
 * opening a clause before a verb ("Juancito se cayó"), is a person's name: it counts as a person. Not in a place name,
 * not after "en la"/"calle"/"barrio", not in a message written all in capitals.
 */
export function withNamedPersons(tokens: Word[], text: string, c: Compiled): Word[] {
    let upper = 0,
        lower = 0;
    for (let i = 0; i < text.length && i < 400; i++) {
        const ch = text[i];
        if (ch !== ch.toLowerCase()) upper++;
        else if (ch !== ch.toUpperCase()) lower++;
    }
    if (upper > lower) return tokens;
    let personIds: ReadonlySet<number> | undefined;
    return tokens.map((t, k) => {
        if (t.ids === NO_CLASSES || t.ids.size > 0 || t.word.length < 3 || NOT_NAMES.has(t.word)) return t;
        const first = text[t.start];
        if (first === first.toLowerCase() || /[0-9]/.test(first)) return t;
        const before = t.breakBefore ? undefined : tokens[k - 1]?.word;
        const twoBefore = before === undefined || tokens[k - 1].breakBefore ? undefined : tokens[k - 2]?.word;
        let named: boolean;
        if (before !== undefined) {
            named = NAME_LEADS.has(before) && !PLACE_LEADS.has(twoBefore ?? '') && !(before === 'al' && twoBefore !== undefined);
            if (before === 'al' || before === 'a')
                named =
                    named &&
                    !PLACE_LEADS.has(twoBefore ?? '') &&
                    !['voy', 'vamos', 'llegar', 'llegando', 'ir', 'camino', 'rumbo', 'viajo', 'yendo', 'va', 'van', 'fui', 'fue', 'vino'].includes(
                        twoBefore ?? ''
                    );
        } else {
            const next = tokens[k + 1];
            // "Juancito se cayó", "Paola no despierta"; or the name alone before what happens ("Matías. no sale del agua").
            named = next !== undefined && (next.breakBefore ? k > 0 || tokens.length > 2 : SUBJECT_NEXT.has(next.word));
        }
        if (!named) return t;
        personIds ??= new Set([c.person.id]);
        return { ...t, ids: personIds };
    });
}
