import { formatLocal } from '../common/time';
import { CloudMessage } from '../adapters/whatsapp';
import { say, TextKey } from '../dialogs';
import { describeDepartments } from './departmentChoice';
import { AlertLevel, Broadcast } from './types';

const LEVEL_TEXT: Record<AlertLevel, TextKey> = {
    verde: 'alertLevelVerde',
    amarillo: 'alertLevelAmarillo',
    naranja: 'alertLevelNaranja',
    rojo: 'alertLevelRojo'
};

/** Meta refuses template parameters with newlines, tabs or more than four spaces in a row. */
export function templateParameter(text: string, maxLength: number): string {
    const flat = text
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim();
    return flat.length <= maxLength ? flat : `${flat.slice(0, maxLength - 1).trimEnd()}…`;
}

/**
 * The alert as the approved template (alerts/README.md): body parameters
 * {{1}} level, {{2}} phenomenon, {{3}} departments, {{4}} text, {{5}} valid until (Catamarca time).
 * `biz_opaque_callback_data` names the delivery so Meta echoes it in the statuses of this message.
 */
export function alertTemplateMessage(broadcast: Broadcast, template: { name: string; language: string }, ref: string): CloudMessage {
    return alertTemplateFor(broadcast, template)(ref);
}

/**
 * The same message for every recipient of one broadcast, its parameters worked out once: a fan-out sends
 * thousands a second, and formatting the date (luxon) per send was a measurable share of its CPU.
 */
export function alertTemplateFor(broadcast: Broadcast, template: { name: string; language: string }): (ref: string) => CloudMessage {
    const parameters = [
        say(LEVEL_TEXT[broadcast.level]),
        templateParameter(broadcast.phenomenon, 60),
        templateParameter(describeDepartments(broadcast), 300),
        templateParameter(broadcast.text, 600),
        formatLocal(broadcast.validUntil)
    ].map((text) => ({ type: 'text', text }));
    const shared = { name: template.name, language: { code: template.language }, components: [{ type: 'body', parameters }] };
    // The template part is shared, never changed after this: the Graph client only serialises it.
    return (ref) => ({ type: 'template', template: shared, biz_opaque_callback_data: ref });
}
