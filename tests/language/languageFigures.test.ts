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
    // probe-v, probe-w and probe-x joined the split (2,371 -> 2,741 messages) with the figures of writers no rule had
    // seen: per-message recall came down to 0.974 (0.985 on the messages the split held before), intent to 0.904
    urgencyRecall: 0.97,
    urgencyRecallInConversation: 0.985,
    urgencyPrecision: 0.94,
    intentAccuracy: 0.905,
    typeAccuracy: 0.83,
    spuriousTypeRate: 0.145,
    departmentAccuracy: 0.955,
    nameAccuracy: 0.905
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
});
