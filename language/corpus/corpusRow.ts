import { z } from 'zod';
import { HAZARD_TYPE_IDS } from '../emergencyTypes/typeWords';
import { URGENCY_KINDS } from '../urgency/urgencyWords';

export const CONTEXTS = ['first', 'name', 'department', 'location', 'type', 'photo', 'summary', 'waiting'] as const;
export const INTENTS = [
    'report',
    'answer',
    'question',
    'alerts_query',
    'request',
    'alerts_subscribe',
    'alerts_unsubscribe',
    'cancel',
    'help',
    'operator',
    'thanks',
    'greeting',
    'correction',
    'yes',
    'no',
    'other'
] as const;
/** The emergency types a row may name: the hazards and `other`. */
export const TYPE_IDS = [...HAZARD_TYPE_IDS, 'other'] as const;
export const DEPARTMENTS = [
    'Ambato',
    'Ancasti',
    'Andalgalá',
    'Antofagasta de la Sierra',
    'Belén',
    'Capayán',
    'Capital',
    'El Alto',
    'Fray Mamerto Esquiú',
    'La Paz',
    'Paclín',
    'Pomán',
    'Santa María',
    'Santa Rosa',
    'Tinogasta',
    'Valle Viejo'
] as const;

/** One labelled citizen message (language/corpus/README.md says what each field means). */
export const corpusRowSchema = z
    .object({
        id: z.string().min(1),
        text: z.string().min(1),
        context: z.enum(CONTEXTS),
        writer: z.string().min(1),
        urgent: z.boolean(),
        urgencyKind: z.enum(URGENCY_KINDS).nullable(),
        intent: z.enum(INTENTS),
        type: z.enum(TYPE_IDS).nullable(),
        department: z.enum(DEPARTMENTS).nullable(),
        locality: z.string().nullable(),
        ambiguousPlace: z.boolean().optional(),
        address: z.string().nullable().optional(),
        name: z.string().nullable(),
        correctionField: z.enum(['name', 'department', 'location', 'type', 'photo']).nullable(),
        vulnerable: z.array(z.enum(['bebe', 'nino', 'anciano', 'embarazada', 'discapacitado'])).optional(),
        people: z.number().int().positive().optional(),
        note: z.string().optional(),
        source: z.string().optional()
    })
    .refine((row) => row.urgent === (row.urgencyKind !== null), { message: 'urgencyKind is set exactly when urgent is true' });

export type CorpusRow = z.infer<typeof corpusRowSchema>;
