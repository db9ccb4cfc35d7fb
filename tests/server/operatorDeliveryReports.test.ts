import { expect } from 'chai';
import { describeFailure, describeStatusFailure } from '../../server/operatorDeliveryReports';

describe('what the operator reads on a message that did not arrive', () => {
    const at = '2026-11-28T17:00:00.000Z';

    it('explains the 24 h window (131047) and an undeliverable number (131026) in plain Spanish', () => {
        expect(describeFailure({ kind: 'window_closed', code: 131047, message: 'Re-engagement message', at })).to.match(
            /^No entregado: pasaron más de 24 h/
        );
        expect(describeFailure({ kind: 'undeliverable', code: 131026, message: 'Message undeliverable', at })).to.match(
            /^No entregado: WhatsApp no pudo entregar/
        );
    });

    it('does not claim "not delivered" for a message whose sends got no answer: it may have arrived', () => {
        const text = describeFailure({ kind: 'unanswered', message: 'GraphClient.request(): POST … timed out', at });
        expect(text)
            .to.match(/^Sin confirmación/)
            .and.include('puede haber llegado');
        expect(text).to.not.include('GraphClient');
    });

    it('names the WhatsApp code of any other refusal', () => {
        expect(describeFailure({ kind: 'retry', code: 131000, message: 'Something went wrong', at })).to.equal(
            'No entregado (WhatsApp 131000): Something went wrong'
        );
    });
});

describe('what the operator reads on a message WhatsApp accepted and then reported failed', () => {
    it('explains the codes an operator can act on, and names any other with its title', () => {
        expect(describeStatusFailure({ code: 131047, title: 'Re-engagement message' })).to.match(/^No entregado: pasaron más de 24 h/);
        expect(describeStatusFailure({ code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.' }))
            .to.match(/^No entregado: WhatsApp retuvo el mensaje/)
            .and.include('llamar');
        expect(describeStatusFailure({ code: 130472, title: "User's number is part of an experiment" })).to.equal(
            "No entregado (WhatsApp 130472): User's number is part of an experiment"
        );
        // What applyStatusUpdate records when Meta gives no reason.
        expect(describeStatusFailure({ code: 0, title: 'failed without an error detail' })).to.equal(
            'No entregado: WhatsApp informó que el mensaje no llegó, sin decir por qué.'
        );
    });
});
