import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
    isCourtesyOnly,
    isNo,
    isOnlyThanks,
    isPhotoSkip,
    isYes,
    readConsent,
    readCorrectionField,
    readListNumber,
    readNameAnswer,
    saysTypeIsUnknown,
    saysWholeProvince
} from '../../language';
import { ANSWER_WORDS_FILE, loadAnswerWords } from '../../language/answers/answerWords';
import { WordFileError } from '../../language/wordFile';

type Reader = (text: string) => unknown;

/** [behaviour, reader, [what the citizen writes, what is read]] */
const TABLE: Array<[string, Reader, Array<[string, unknown]>]> = [
    [
        'a yes, alone, stretched, with courtesy or as an emoji; anything more is not',
        isYes,
        [
            ['sí', true],
            ['SIII', true],
            ['Sí, está bien, gracias', true],
            ['perfecto, muchas gracias', true],
            ['👍🏽', true],
            ['✅', true],
            ['si no', false],
            ['sí, pero', false],
            ['🔥', false],
            ['sí, se inunda la casa', false]
        ]
    ],
    [
        'a no, as a whole answer',
        isNo,
        [
            ['no', true],
            ['No.', true],
            ['no es correcto', true],
            ['no hay heridos', false],
            ['noche', false]
        ]
    ],
    [
        'thanks or goodbye and nothing else',
        isOnlyThanks,
        [
            ['gracias', true],
            ['Muchas gracias por todo!!', true],
            ['🙏🙏', true],
            ['❤️', true],
            ['gracias, se cayó un árbol', false],
            ['hola', false],
            ['🆘', false],
            ['😭', false]
        ]
    ],
    [
        'courtesy alone answers no question that asks for a place',
        isCourtesyOnly,
        [
            ['buenas tardes', true],
            ['por favor', true],
            ['😊', true],
            ['gracias, es en Av. Belgrano 900', false],
            ['Valle Viejo', false]
        ]
    ],
    [
        "the photo skipped in the citizen's words or with the button",
        (text) => isPhotoSkip(text, 'Sin foto'),
        [
            ['no tengo', true],
            ['Sin foto', true],
            ['no puedo sacar fotos ahora', true],
            ['ahí le mando', false]
        ]
    ],
    [
        'the field named at the summary, unless the citizen vouches for it',
        readCorrectionField,
        [
            ['el nombre está mal', 'name'],
            ['cambiar el depto', 'department'],
            ['la dirección', 'location'],
            ['el tipo de emergencia', 'emergencyType'],
            ['la foto no', 'photo'],
            ['el nombre está bien', undefined],
            ['el nombre está bien, cambiar la ubicación', 'location']
        ]
    ],
    [
        'a number of a list, in digits or words',
        readListNumber,
        [
            ['3', 3],
            ['tres', 3],
            ['Dieciséis', 16],
            ['diez y seis', 16],
            ['tres casas', undefined]
        ]
    ],
    [
        '"no sé" as the whole answer to the type question',
        saysTypeIsUnknown,
        [
            ['no sé', true],
            ['ni idea', true],
            ['no sé qué pasó, hay humo', false]
        ]
    ],
    [
        'every department, for alerts',
        saysWholeProvince,
        [
            ['Todos', true],
            ['toda la provincia', true],
            ['todo Catamarca!', true],
            ['todos menos Belén', false]
        ]
    ],
    [
        'the consent of an alerts sign-up',
        (text) => readConsent(text, 'Sí, acepto', 'No, gracias'),
        [
            ['Sí, acepto', 'yes'],
            ['dale', 'yes'],
            ['bueno, dale', 'yes'],
            ['claro que si', 'yes'],
            ['No, gracias', 'no'],
            ['bueno, no', 'no'],
            ['no acepto', 'no'],
            ['quizás', undefined]
        ]
    ],
    [
        'an answer to the name question: the name, or why it is none',
        (text) => {
            const answer = readNameAnswer(text);
            return 'name' in answer ? answer.name : answer.rejected;
        },
        [
            ['Hola, soy Ana Díaz, vivo en Belén', 'Ana Díaz'],
            ['Belén', 'Belén'],
            ['¿para qué quieren mi nombre?', 'question'],
            ['se me inunda la casa', 'emergency'],
            ['Valle Viejo', 'notAName'],
            ['El Alto', 'notAName'],
            ['La Paz', 'notAName'],
            ['Sí, enviar', 'notAName']
        ]
    ]
];

describe("language: short answers to the bot's questions", () => {
    for (const [behaviour, read, rows] of TABLE) {
        describe(behaviour, () => {
            for (const [text, expected] of rows) {
                it(`"${text}" -> ${String(expected)}`, () => expect(read(text)).to.deep.equal(expected));
            }
        });
    }

    it('rejects a word file that breaks the schema, naming the file and the entry', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'answer-words-'));
        const file = path.join(dir, 'answerWords.json');
        const data = JSON.parse(fs.readFileSync(ANSWER_WORDS_FILE, 'utf8')) as { listNumbers: { words: Record<string, number> } };
        data.listNumbers.words.cien = 0;
        fs.writeFileSync(file, JSON.stringify(data));
        expect(() => loadAnswerWords(file)).to.throw(WordFileError, /answerWords\.json: entry listNumbers\.words\.cien \(0\)/);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
