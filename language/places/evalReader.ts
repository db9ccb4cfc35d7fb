import { todaysRecognizers } from '../evaluation/todaysRecognizers';
import type { Reader } from '../evaluation/reading';
import { readPlace } from './index';

/** Today's recognisers with `department` and `locality` from the new place reader, for measure.js. */
export const reader: Reader = (text, context) => {
    const place = readPlace(text, { departmentList: context === 'department' });
    return { ...todaysRecognizers(text, context), department: place.department?.name ?? null, locality: place.locality?.name ?? null };
};
