import { expect } from 'chai';
import { loadCorpus } from '../../language/corpus/loadCorpus';
import { evaluate } from '../../language/evaluation/evaluate';
import { languageLayer } from '../../language/evaluation/languageLayer';
import { splitCorpus } from '../../language/evaluation/split';

/**
 * The language layer on the held-out (test) split of the corpus. The floors are the figures measured when the layer
 * went in, a little under: a change that understands citizens worse fails here. The targets (THRESHOLDS,
 * printed by npm run eval:language) are higher; raise a floor whenever a change reaches further. A floor may also come
 * down when the test split grows with new writers (their figures are measured before any rule saw them): say so in the
 * commit.
 */
const FLOORS = {
    // probe-y, probe-z and probe-t3 joined the split (2,741 -> 3,124 messages) with the figures of writers no rule had
    // seen (their test writers read urgency P 0.917, 0.733, 0.867): precision came down to 0.937 (0.949 on the messages
    // the split held before), intent to 0.902, types read where none is said rose to 0.159.
    // probe-a4 joined it (3,124 -> 3,254): its 130 test messages, written to hold scary words with no one in danger,
    // read urgency P 0.816; precision came down to 0.933 (0.938 on the 3,124), types read where none is said to 0.149
    // (the real words near the type words) and names rose to 0.916 (signatures).
    // probe-a5 (3,254 -> 3,369) and probe-a6 (-> 3,474, read blind at the end of session 16 and joined with no rule
    // written on it): intent came to 0.899 (a6's test writers 0.870; the models trained with their dev writers read the
    // 3,366 others at 0.900 instead of 0.902, and urgency recall there at 0.972 instead of 0.975); types read where none
    // is said 0.157 (a6's 0.259)
    // probe-a7 and probe-a8 (-> 3,685, session 17; a8 read blind at its end): precision 0.932 (their 211 test writers
    // read 0.853; the 3,474 held before 0.937). Addresses found outside the location question were measured from
    // session 17 on: 0.547 with its start code, 0.697 at its end (386 messages); one read where none is said 0.048.
    // probe-a9 and probe-a10 (-> 3,929, session 18, each read blind before it joined): types 0.819 (their 246 test
    // messages 0.667, written to hold every intent but a report, danger said another way and answers that carry more;
    // the session's start code reads the whole split the same).
    // probe-a11 (-> 4,066, session 19, read blind at its start): precision 0.926 (its 139 test messages, half of them
    // scary words with no one at risk, read 0.778 with the start code and with the end code alike; the 3,927 held
    // before 0.931 -> 0.933). Types read where none is said came down to 0.134, so that floor comes down too.
    urgencyRecall: 0.97,
    urgencyRecallInConversation: 0.985,
    urgencyPrecision: 0.92,
    intentAccuracy: 0.895,
    typeAccuracy: 0.81,
    spuriousTypeRate: 0.145,
    departmentAccuracy: 0.955,
    nameAccuracy: 0.91,
    addressRecall: 0.68,
    spuriousAddressRate: 0.06
};

describe("the language layer on held-out citizens' messages", function () {
    this.timeout(60_000);
    const { test } = splitCorpus(loadCorpus());
    const layer = evaluate(test, languageLayer);

    it('misses few life-threatening messages and raises few false alarms', () => {
        expect(layer.urgency.recall, 'urgency recall').to.be.at.least(FLOORS.urgencyRecall);
        expect(layer.recallInConversation, 'urgency recall in its conversation').to.be.at.least(FLOORS.urgencyRecallInConversation);
        expect(layer.urgency.precision, 'urgency precision').to.be.at.least(FLOORS.urgencyPrecision);
    });

    it('reads the intent, the type, the department and the name at least as well as measured', () => {
        expect(layer.intentAccuracy, 'intent').to.be.at.least(FLOORS.intentAccuracy);
        expect(layer.typeAccuracy, 'type').to.be.at.least(FLOORS.typeAccuracy);
        expect(layer.spuriousTypeRate, 'a type read where the citizen said none').to.be.at.most(FLOORS.spuriousTypeRate);
        expect(layer.departmentAccuracy, 'department').to.be.at.least(FLOORS.departmentAccuracy);
        expect(layer.nameAccuracy, 'name').to.be.at.least(FLOORS.nameAccuracy);
    });

    it('finds the address a message gives outside the location question, so it is not asked again', () => {
        expect(layer.addressRecall, 'address found').to.be.at.least(FLOORS.addressRecall);
        expect(layer.spuriousAddressRate, 'an address read where the citizen gave none').to.be.at.most(FLOORS.spuriousAddressRate);
    });
});
