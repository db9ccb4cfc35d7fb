import { readEmergencyTypes } from '../emergencyTypes';
import { readUrgency } from '../urgency/urgencyReader';
import { readName } from './index';

/** 'question': "¿para qué necesitan mi nombre?"; 'emergency': the emergency told instead; 'notAName': anything else. */
export type NameRejection = 'question' | 'emergency' | 'notAName';

/** What an answer to "¿Cuál es su nombre?" was: a name, or why it is none (which says how to ask again). */
export type NameAnswer = { name: string } | { rejected: NameRejection };

/**
 * The answer to the name question: the name as typed, without the greeting or introduction around it and cut where
 * the sentence goes on ("Hola, soy Ana, vivo en Belén" -> "Ana"); or why there is none, so that a question gets
 * why the name is asked and an emergency gets "that comes next" instead of "No entendí su nombre".
 */
export function readNameAnswer(text: string): NameAnswer {
    const read = readName(text, 'name');
    if (read) return { name: read.name };
    if (/[?¿]/.test(text)) return { rejected: 'question' };
    if (readEmergencyTypes(text).length > 0 || readUrgency(text, { answeringName: true }).urgent) return { rejected: 'emergency' };
    return { rejected: 'notAName' };
}
