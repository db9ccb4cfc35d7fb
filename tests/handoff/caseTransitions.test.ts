import { expect } from 'chai';
import { ActingParty, CASE_TRANSITIONS, CaseAction, CaseStatus, nextStatus } from '../../handoff/validation/caseTransitions';

const operator: ActingParty = { kind: 'operator', role: 'operator', username: 'luis' };
const otherOperator: ActingParty = { kind: 'operator', role: 'operator', username: 'marta' };
const supervisor: ActingParty = { kind: 'operator', role: 'supervisor', username: 'jefa' };
const citizen: ActingParty = { kind: 'citizen' };
const system: ActingParty = { kind: 'system' };

describe('handoff: the case transition table', () => {
    const allowed: [CaseStatus, CaseAction, ActingParty, CaseStatus][] = [
        ['queued', 'claim', operator, 'assigned'],
        ['queued', 'claim', supervisor, 'assigned'],
        ['queued', 'withdraw', citizen, 'withdrawn'],
        ['queued', 'return_to_bot', operator, 'returned_to_bot'],
        ['assigned', 'release', operator, 'queued'],
        ['assigned', 'release', supervisor, 'queued'],
        ['assigned', 'timeout_release', system, 'queued'],
        ['assigned', 'resolve', operator, 'resolved'],
        ['assigned', 'resolve', supervisor, 'resolved'],
        ['assigned', 'return_to_bot', operator, 'returned_to_bot'],
        ['assigned', 'message', operator, 'assigned'],
        ['assigned', 'message', supervisor, 'assigned'],
        ['queued', 'edit_card', otherOperator, 'queued'],
        ['assigned', 'edit_card', operator, 'assigned'],
        ['assigned', 'edit_card', supervisor, 'assigned'],
        ['assigned', 'transfer', operator, 'assigned'],
        ['assigned', 'transfer', supervisor, 'assigned']
    ];
    for (const [from, action, party, to] of allowed) {
        it(`allows ${from} --${action}--> ${to} by ${party.username ?? party.kind}`, () => {
            expect(nextStatus(from, action, party, 'luis')).to.deep.equal({ allowed: true, to });
        });
    }

    it('covers every row of the table with the cases above', () => {
        const tested = new Set(allowed.map(([from, action]) => `${from}/${action}`));
        for (const row of CASE_TRANSITIONS) expect(tested.has(`${row.from}/${row.action}`), `${row.from}/${row.action}`).to.equal(true);
    });

    const wrongStatus: [CaseStatus, CaseAction][] = [
        ['assigned', 'claim'],
        ['resolved', 'claim'],
        ['withdrawn', 'claim'],
        ['returned_to_bot', 'claim'],
        ['queued', 'resolve'],
        ['queued', 'release'],
        ['queued', 'message'],
        ['resolved', 'release'],
        ['resolved', 'return_to_bot'],
        ['assigned', 'withdraw'],
        ['resolved', 'message'],
        ['queued', 'timeout_release'],
        ['resolved', 'edit_card'],
        ['withdrawn', 'edit_card'],
        ['queued', 'transfer'],
        ['resolved', 'transfer']
    ];
    for (const [from, action] of wrongStatus) {
        it(`forbids ${action} on a ${from} case (a conflict)`, () => {
            expect(nextStatus(from, action, supervisor, 'jefa')).to.deep.equal({ allowed: false, reason: 'not_allowed_in_status' });
        });
    }

    const wrongParty: [CaseStatus, CaseAction, ActingParty][] = [
        ['assigned', 'release', otherOperator],
        ['assigned', 'resolve', otherOperator],
        ['assigned', 'message', otherOperator],
        ['assigned', 'return_to_bot', otherOperator],
        ['queued', 'claim', citizen],
        ['queued', 'claim', system],
        ['queued', 'withdraw', operator],
        ['assigned', 'timeout_release', operator],
        ['assigned', 'edit_card', otherOperator],
        ['queued', 'edit_card', citizen],
        ['assigned', 'transfer', otherOperator],
        ['assigned', 'transfer', system]
    ];
    for (const [from, action, party] of wrongParty) {
        it(`forbids ${action} on a ${from} case by ${party.username ?? party.kind}`, () => {
            expect(nextStatus(from, action, party, 'luis')).to.deep.equal({ allowed: false, reason: 'not_permitted' });
        });
    }
});
