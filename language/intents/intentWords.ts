import * as path from 'path';
import { z } from 'zod';
import { readWordFile } from '../wordFile';

/** The phrase lists of the intent reader: plain data in language/data/intentWords.json, validated at load. */
export const INTENT_WORDS_FILE = path.resolve(__dirname, '../../../language/data/intentWords.json');

const phrase = z
    .string()
    .min(1)
    .regex(/^[a-z0-9* ]+$/, 'a phrase is lowercase words without accents, * at the end of a word for a prefix');
const phrases = z.array(phrase);
const emoji = z.array(z.string().min(1));

const fileSchema = z
    .object({
        about: z.string(),
        greetings: phrases.min(1),
        greetingEmoji: emoji,
        courtesy: phrases,
        fillers: phrases,
        thanks: phrases.min(1),
        thanksEmoji: emoji,
        yes: phrases.min(1),
        yesEmoji: emoji,
        no: phrases.min(1),
        photoSkip: phrases,
        cancelLeads: phrases,
        cancelWhenSolved: phrases,
        /** While a case waits: the person it was about turned up fine ("apareció", "lo encontramos, está bien"). */
        foundSafe: phrases,
        /** A drill, a chain message, a prayer, a game: hazard words with no event ("simulacro", "reenvíen a todos"). */
        notAnEvent: phrases,
        cancelAtStart: phrases,
        /** Said last, nothing but courtesy after it: whoever was coming is called off ("…está bien, no manden"). */
        cancelAtEnd: phrases,
        commandWants: phrases,
        cancelWhole: phrases,
        operator: phrases.min(1),
        operatorWhole: phrases,
        /** Who a citizen asks to be attended by ("alguien", "una persona", "un humano"): with `attendsTo`, an operator asked for. */
        someoneToTalkTo: phrases.min(1),
        /** Verbs of attending to the writer: "atienda", "llame", "hable", "conteste". */
        attendsTo: phrases.min(1),
        help: phrases.min(1),
        helpWhole: phrases,
        helpAtOpening: phrases,
        alertsNouns: phrases.min(1),
        /** What a citizen asks to stop receiving besides the alerts by name ("no me manden nada", "sáquenme de la lista"). */
        alertsStopObjects: phrases.min(1),
        alertsSubscribeLeads: phrases,
        alertsUnsubscribe: phrases,
        alertsUnsubscribeWhole: phrases,
        alertsUnsubscribeLeads: phrases,
        alertsSentenceFillers: phrases,
        alertsSubscribeWhole: phrases,
        alertsList: phrases,
        alertsQuery: phrases,
        questionLeads: phrases,
        questionAnywhere: phrases,
        whatToDo: phrases,
        futureMarkers: phrases,
        notifyVerbs: phrases,
        chatObjects: phrases,
        chatVerbs: phrases,
        questionWords: phrases,
        weatherWords: phrases,
        forecastMarkers: phrases,
        alertsAboutTheService: phrases,
        addressWords: phrases,
        outages: phrases,
        wideArea: phrases,
        outageCauses: phrases,
        requestVerbs: phrases,
        requestGoods: phrases,
        requestAsks: phrases,
        correctionMarkers: phrases,
        contrast: phrases,
        contrastValueStarts: phrases,
        notAContrast: phrases,
        correctionFields: z.object({ name: phrases, department: phrases, location: phrases, type: phrases, photo: phrases }).strict(),
        fieldIsFine: phrases,
        wholeCorrection: phrases,
        typeWords: phrases,
        eventWords: phrases,
        jokeMarkers: phrases,
        wrongChat: phrases,
        figurative: phrases,
        hyperbole: phrases,
        notThanks: phrases,
        questionOverRequest: phrases,
        namingPlaces: phrases,
        callsForHelp: phrases,
        emojiWords: phrases,
        dontKnow: phrases,
        fine: phrases,
        interrogatives: phrases,
        questionFrames: phrases,
        askForInfo: phrases,
        answerVerbs: phrases,
        fieldQuestions: phrases,
        solvedMarkers: phrases,
        arrivals: phrases,
        fateWords: phrases,
        relativeLeads: phrases,
        askVerbs: phrases,
        askedTo: phrases,
        hypothesisLeads: phrases,
        notAValue: phrases,
        apologies: phrases,
        reportLeads: phrases,
        noObjects: phrases,
        notForTheLine: phrases,
        politeAsks: phrases,
        serviceAsks: phrases,
        serviceAsksWhole: phrases,
        serviceActions: phrases,
        helpers: phrases,
        refusalLeads: phrases,
        refusalVerbs: phrases,
        chatTrouble: phrases,
        weatherExclamations: phrases
    })
    .strict();

export type IntentWords = z.infer<typeof fileSchema>;

export function loadIntentWords(file: string = INTENT_WORDS_FILE): IntentWords {
    return readWordFile(file, fileSchema);
}
