import { todaysRecognizers } from '../evaluation/todaysRecognizers';
import type { Reader } from '../evaluation/reading';
import { readName } from '../names';
import { readIntent } from '.';

/** Today's recognisers with the intent and the name from the new readers; urgency stays today's. */
export const reader: Reader = (text, context) => {
    const today = todaysRecognizers(text, context);
    return {
        ...today,
        intent: readIntent(text, context, today.urgent).intent,
        name: readName(text, context)?.name ?? null
    };
};
