/** One run of the case-changes child (tests/handoff/fixtures/caseChangesChild.ts). */
export interface CaseChangesRun {
    engine: 'sqlite' | 'cosmos';
    file?: string;
    endpoint?: string;
    databaseId?: string;
    citizens: number;
    casesPerCitizen: number;
    /** Per citizen, the step to start from (the one after the last the parent saw finish). */
    resume: Record<number, number>;
    /** Stop (and wait for the kill) right after this many writes were committed; unset: run to the end. */
    stopAfterWrites?: number;
}

/** One change the child makes, with the ids that make running it again the same change. */
export type CaseStep =
    | { kind: 'open'; caseIndex: number; activityId: string; text?: string }
    | { kind: 'citizenMessage'; caseIndex: number; activityId: string; text: string; urgent?: boolean }
    | { kind: 'withdraw'; caseIndex: number; activityId: string }
    | { kind: 'claim' | 'release' | 'resolve'; caseIndex: number }
    | { kind: 'operatorMessage' | 'note'; caseIndex: number; clientMessageId: string; text: string };

export function citizenKeyOf(citizen: number): string {
    return `54938340990${String(citizen).padStart(2, '0')}`;
}

export function reportIdOf(citizen: number, caseIndex: number): string {
    return `report-${citizen}-${caseIndex}`;
}

/**
 * The citizen's script: an even case goes through every operator change and is resolved; an odd one is withdrawn by
 * the citizen while waiting. Case 0 is opened by a message that is recorded as its first line.
 */
export function caseStepsOf(citizen: number, cases: number): CaseStep[] {
    const steps: CaseStep[] = [];
    for (let k = 0; k < cases; k++) {
        const id = (what: string): string => `wamid.${citizen}-${k}-${what}`;
        steps.push({ kind: 'open', caseIndex: k, activityId: id('open'), ...(k === 0 ? { text: 'foto del agua' } : {}) });
        steps.push({ kind: 'citizenMessage', caseIndex: k, activityId: id('m1'), text: `mensaje 1 del caso ${k}` });
        if (k % 2 === 1) {
            steps.push({ kind: 'withdraw', caseIndex: k, activityId: id('cancel') });
            continue;
        }
        steps.push({ kind: 'claim', caseIndex: k });
        steps.push({ kind: 'operatorMessage', caseIndex: k, clientMessageId: `out-${citizen}-${k}`, text: `respuesta del caso ${k}` });
        steps.push({ kind: 'note', caseIndex: k, clientMessageId: `note-${citizen}-${k}`, text: `nota del caso ${k}` });
        steps.push({ kind: 'citizenMessage', caseIndex: k, activityId: id('m2'), text: `no respira, caso ${k}`, urgent: true });
        steps.push({ kind: 'release', caseIndex: k });
        steps.push({ kind: 'claim', caseIndex: k });
        steps.push({ kind: 'resolve', caseIndex: k });
    }
    return steps;
}

/** What a case of the script looks like once all its steps ran: its status, transcript texts and trail (notices left out). */
export function expectedCase(k: number): { status: string; texts: string[]; trail: string[] } {
    // Case 0's opening message is its first line, recorded with the case.
    const opening = k === 0 ? ['foto del agua'] : [];
    const openingLine = opening.map(() => 'citizen_message');
    if (k % 2 === 1) {
        return {
            status: 'withdrawn',
            texts: [...opening, `mensaje 1 del caso ${k}`],
            trail: ['opened', ...openingLine, 'citizen_message', 'withdraw']
        };
    }
    return {
        status: 'resolved',
        texts: [...opening, `mensaje 1 del caso ${k}`, `respuesta del caso ${k}`, `nota del caso ${k}`, `no respira, caso ${k}`],
        trail: [
            'opened',
            ...openingLine,
            'citizen_message',
            'claim',
            'operator_message',
            'note',
            'citizen_message',
            'priority_raised',
            'release',
            'claim',
            'resolve'
        ]
    };
}
