import * as fs from 'fs';
import { realWordsNearKeywords } from './patterns';
import { writeRealWords } from './realWords';
import { readUrgency } from './urgencyReader';

/** The Spanish word list the generated file is drawn from, with its version (cited in the file). */
export function dictionary(): { words: string[]; source: string } {
    const file = require.resolve('an-array-of-spanish-words');
    const { version } = JSON.parse(fs.readFileSync(require.resolve('an-array-of-spanish-words/package.json'), 'utf8')) as { version: string };
    return {
        words: JSON.parse(fs.readFileSync(file, 'utf8')) as string[],
        source: `an-array-of-spanish-words ${version} (MIT, https://github.com/words/an-array-of-spanish-words)`
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
