import { normalizeText } from '../language';
import { say, TextKey } from './texts';

/** What a citizen came for, as the greeting's three buttons offer it (issue #18). */
export type Topic = 'report' | 'alerts' | 'other';

const TOPIC_TITLES: ReadonlyArray<readonly [Topic, TextKey]> = [
    ['report', 'topicReport'],
    ['alerts', 'topicAlerts'],
    ['other', 'topicOther']
];

/** The greeting's buttons, in order (WhatsApp shows at most three, of at most 20 characters). */
export function topicChoices(): string[] {
    return TOPIC_TITLES.map(([, key]) => say(key));
}

/** The topic a button press (its title, typed or tapped) chooses; undefined for anything else. */
export function readTopicChoice(text: string): Topic | undefined {
    const folded = normalizeText(text);
    return TOPIC_TITLES.find(([, key]) => normalizeText(say(key)) === folded)?.[0];
}
