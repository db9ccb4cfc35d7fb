import type { Reader } from '../evaluation/reading';
import { todaysRecognizers } from '../evaluation/todaysRecognizers';
import { readEmergencyTypes } from './index';

/** Today's recognisers with the emergency type read by language/types, for measure.ts. */
export const reader: Reader = (text, context) => ({ ...todaysRecognizers(text, context), type: readEmergencyTypes(text)[0]?.id ?? null });
