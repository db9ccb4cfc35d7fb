import { understand } from '..';
import type { Reader } from './reading';

/** The language layer as the dialogs use it (language/index.ts understand()), in the corpus's terms. */
export const languageLayer: Reader = (text, context) => {
    const reading = understand(text, context);
    return {
        urgent: reading.urgency.urgent,
        reason: reading.urgency.reason,
        intent: reading.intent.intent,
        type: reading.types[0]?.id ?? null,
        department: reading.place.department?.name ?? null,
        locality: reading.place.locality?.name ?? null,
        name: reading.name?.name ?? null,
        address: reading.place.address ? { start: reading.place.address.evidence.start, end: reading.place.address.evidence.end } : null
    };
};
