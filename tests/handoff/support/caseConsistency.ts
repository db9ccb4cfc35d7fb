import type { AuditEntry, HandoffCase, TranscriptEntry } from '../../../handoff/types';
import type { DocumentStore } from '../../../storage/documentStore';

/** What the check reads a case through: the handoff's own API, so it reads the trail wherever the line keeps it. */
export interface CaseReader {
    list(status: 'queued' | 'assigned' | 'resolved' | 'withdrawn' | 'returned_to_bot'): Promise<HandoffCase[]>;
    get(caseId: string): Promise<{ case: HandoffCase; transcript: TranscriptEntry[]; audit: AuditEntry[] }>;
}

const STATUSES = ['queued', 'assigned', 'resolved', 'withdrawn', 'returned_to_bot'] as const;
const STATUS_CHANGES = new Set(['claim', 'release', 'resolve', 'withdraw', 'return_to_bot', 'timeout_release']);
const MESSAGE_LINES: Record<string, (entry: TranscriptEntry) => boolean> = {
    citizen_message: (e) => e.author === 'citizen',
    operator_message: (e) => e.author === 'operator' && !e.internal,
    note: (e) => e.internal,
    triage_asked: (e) => e.author === 'bot'
};

/**
 * Every way the cases of the line, their transcripts, their trails and the citizens' pointers can disagree, as
 * sentences (none: consistent). Each message has exactly one line and each message line its message; the trail's
 * changes of status lead, one after another, from 'queued' to the case's status and end with its last transition;
 * nothing is there twice; a citizen's pointer names their one active case.
 */
export async function caseInconsistencies(reader: CaseReader, store: DocumentStore, citizenKeys: string[]): Promise<string[]> {
    const problems: string[] = [];
    const cases = (await Promise.all(STATUSES.map((status) => reader.list(status)))).flat();
    for (const listed of cases) {
        const { case: value, transcript, audit } = await reader.get(listed.id);
        const say = (what: string): void => {
            problems.push(`case ${value.id} (${value.citizenKey}): ${what}`);
        };
        const sequences = transcript.map((e) => e.sequence);
        if (sequences.join() !== sequences.map((_, i) => i + 1).join() || transcript.length !== value.messageCount) {
            say(`transcript sequences [${sequences.join()}] do not match messageCount ${value.messageCount}`);
        }
        if (new Set(audit.map((e) => e.id)).size !== audit.length) say('a trail line is there twice');
        const entries = new Map(transcript.map((e) => [e.id, e]));
        const linesPerEntry = new Map<string, number>();
        for (const line of audit) {
            // The conversation with the bot arrives with the case: one line names all of its messages.
            if (line.action === 'conversation_attached') {
                for (const messageId of (line.detail?.messageIds as string[] | undefined) ?? []) {
                    if (!entries.has(messageId)) say(`line conversation_attached names no such message ${messageId}`);
                    linesPerEntry.set(messageId, (linesPerEntry.get(messageId) ?? 0) + 1);
                }
                continue;
            }
            const matches = MESSAGE_LINES[line.action];
            if (!matches) continue;
            const messageId = String(line.detail?.messageId);
            const entry = entries.get(messageId);
            if (!entry || !matches(entry)) say(`line ${line.action} names no such message ${messageId}`);
            linesPerEntry.set(messageId, (linesPerEntry.get(messageId) ?? 0) + 1);
        }
        for (const entry of transcript) {
            const lines = linesPerEntry.get(entry.id) ?? 0;
            if (lines !== 1) say(`message ${entry.id} (${entry.text}) has ${lines} lines in the trail`);
        }
        const raised = audit.filter((e) => e.action === 'priority_raised');
        if (new Set(raised.map((e) => String(e.detail?.messageId))).size !== raised.length) say('the priority was raised twice by one message');
        if (raised.length > 0 && value.priority !== 'critical') say('the trail says the priority was raised, the case is not critical');
        if (audit.filter((e) => e.action === 'opened').length !== 1 || audit[0]?.action !== 'opened')
            say("the trail does not start with one 'opened'");
        const changes = audit.filter((e) => STATUS_CHANGES.has(e.action));
        let status = 'queued';
        for (const line of changes) {
            if (line.detail?.from !== status) say(`line ${line.action} from ${String(line.detail?.from)} follows status ${status}`);
            status = String(line.detail?.to);
        }
        if (status !== value.status) say(`the trail leads to ${status}, the case is ${value.status}`);
        const last = changes.at(-1);
        const transition = value.lastTransition;
        if (
            (last === undefined) !== (transition === undefined) ||
            (last && transition && (last.action !== transition.action || last.actor !== transition.by))
        ) {
            say(`the trail's last change (${last?.action} by ${last?.actor}) is not the case's (${transition?.action} by ${transition?.by})`);
        }
    }
    for (const citizenKey of citizenKeys) {
        const active = cases.filter((c) => c.citizenKey === citizenKey && (c.status === 'queued' || c.status === 'assigned'));
        const pointer = await store.get<{ caseId: string | null }>('handoffs', citizenKey, 'active-case');
        if (active.length > 1) problems.push(`citizen ${citizenKey} has ${active.length} active cases`);
        if ((pointer?.value.caseId ?? undefined) !== active[0]?.id) {
            problems.push(`citizen ${citizenKey}'s pointer names ${String(pointer?.value.caseId)}, the active case is ${active[0]?.id}`);
        }
    }
    return problems;
}
