import { dictionary as spanishNames } from '@zxcvbn-ts/language-es-es';
import * as fs from 'fs';
import { realWordsNearKeywords } from './patterns';
import { writeRealWords } from './realWords';
import { readUrgency } from './urgencyReader';

/** The version of an installed package (cited in the generated file). */
function versionOf(name: string): string {
    return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/**
 * The word lists the generated file is drawn from: Spanish word forms, and Spanish first names and surnames (a name
 * is a real word too: "Tiago" is no typo of "trago"), with their versions.
 */
export function dictionary(): { words: string[]; source: string } {
    const words = JSON.parse(fs.readFileSync(require.resolve('an-array-of-spanish-words'), 'utf8')) as string[];
    const names = spanishNames;
    return {
        words: [...words, ...names['firstnames-es-es'], ...names['lastnames-es-es']],
        source:
            `an-array-of-spanish-words ${versionOf('an-array-of-spanish-words')} (MIT, https://github.com/words/an-array-of-spanish-words); ` +
            `first names and surnames of @zxcvbn-ts/language-es-es ${versionOf('@zxcvbn-ts/language-es-es')} (MIT)`
    };
}

/** The list for the urgency words as they are now (the reader compiles them on its first read). */
export function currentRealWords(): { words: string[]; source: string } {
    readUrgency('hola');
    const { words, source } = dictionary();
    return { words: realWordsNearKeywords(words), source };
}

if (require.main === module) {
    const { words, source } = currentRealWords();
    writeRealWords(words, source);
    process.stdout.write(`${words.length} real words near the urgency keywords written to language/data/realWords.json\n`);
}
