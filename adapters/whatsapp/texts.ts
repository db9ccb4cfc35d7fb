/**
 * Every word of the WhatsApp adapter a citizen reads, in one place so an agency can reword it without touching
 * code. Spanish (Argentina), courteous "usted". Mind the Cloud API limits noted beside each entry.
 */
export const whatsAppTexts = {
    /** The list row that opens the next page of choices (row title: at most 24 characters). */
    moreOptionsRow: 'Ver más',
    /** Its description (at most 72 characters). */
    moreOptionsDescription: 'Mostrar más opciones',
    /** The button that opens a list (at most 20 characters). */
    listButton: 'Ver opciones',
    /** The title of the list's only section (at most 24 characters). */
    listSectionTitle: 'Opciones',
    /** The body of a choice message when the bot gave no text of its own. */
    defaultChoiceBody: 'Por favor, elija una opción.',
    /** The body of a location request when the bot gave no text of its own. */
    defaultLocationRequestBody: 'Por favor, comparta su ubicación tocando el botón.'
} as const;
