/**
 * What the language layer says about one citizen message. Every fact carries the span of the text it came from,
 * so the dialogs can say what they understood and the operator can see the citizen's own words.
 */

/** Where the conversation is when the message arrives: the question the line asked, or none. */
export type ConversationStep = 'first' | 'name' | 'department' | 'location' | 'type' | 'photo' | 'summary' | 'waiting';

/** A piece of the original text: offsets into it (UTF-16, as String.slice takes them) and the piece itself. */
export interface Span {
    start: number;
    end: number;
    text: string;
}

export type Intent =
    | 'report'
    | 'answer'
    | 'question'
    | 'alerts_query'
    | 'request'
    | 'alerts_subscribe'
    | 'alerts_unsubscribe'
    | 'cancel'
    | 'help'
    | 'operator'
    | 'thanks'
    | 'greeting'
    | 'correction'
    | 'yes'
    | 'no'
    | 'other';

/** A report field the citizen can correct by naming it. */
export type CorrectableField = 'name' | 'department' | 'location' | 'type' | 'photo';

export interface PlaceReading {
    /** The department the message places the event in: named, or implied by a locality or barrio of one department. */
    department?: { id: string; name: string; evidence: Span };
    /** A locality, paraje or capital barrio named (its department may be unknown when the name is ambiguous). */
    locality?: { name: string; department?: string; evidence: Span };
    /** The only place named exists in several departments and nothing in the message says which. */
    ambiguous?: { name: string; departments: string[]; evidence: Span };
    /** A street and number, a block and house, or a landmark ("frente a la escuela 123"), as written. */
    /**
     * A street and number, a landmark, a place by what is there. `byWhatIsThere`: said only by the place itself ("en el
     * badén de Coneta", "la casa de los Cruz"), whose words may also tell what happened there.
     */
    address?: { text: string; evidence: Span; byWhatIsThere?: boolean };
}

export interface TypeReading {
    /** An emergency type id of dialogs/data/emergency-types.json. */
    id: string;
    /** The hazard words it was read from. */
    evidence: Span;
}

/** A kind of person at particular risk in an emergency. */
export type VulnerableKind = 'bebe' | 'nino' | 'anciano' | 'embarazada' | 'discapacitado';

/** The people at risk a message names: how many, when said plainly, and who among them is vulnerable. */
export interface PeopleReading {
    /** How many people are at risk ("somos 5", "hay 3 personas", "dos chicos"); never an age, an address or a time. */
    count?: { value: number; evidence: Span };
    /** Each vulnerable kind named, once, with the words it was read from, in the order of the text. */
    vulnerable: Array<{ kind: VulnerableKind; evidence: Span }>;
}
