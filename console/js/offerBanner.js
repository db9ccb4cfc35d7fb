// Auto assignment: a waiting case offered to this operator. A banner with the time left to accept it; "Aceptar"
// takes the case (the same claim as the case's own button), "Ver" opens it first. Filled only with textContent.

import { setText } from './dom.js';
import { citizenName } from './format.js';

/** How the banner names a case's priority ("un caso crítico"). */
const PRIORITY_WORDS = { critical: 'crítico', high: 'de prioridad alta', normal: 'de prioridad normal' };

export class OfferBanner {
    /** @param deps {{ api, node, text, accept, view, announce(message, urgent), notify(message, kind), openCase(caseId) }} */
    constructor(deps) {
        this.deps = deps;
        this.offered = undefined;
        this.announced = new Set();
        this.busy = false;
        deps.accept.addEventListener('click', () => this.accept());
        deps.view.addEventListener('click', () => this.offered && deps.openCase(this.offered.id));
    }

    /** Shows the oldest live offer to `me` among the waiting cases (in queue order: the most urgent first). */
    update(queued, me, now = Date.now()) {
        this.offered = queued.find((c) => c.offer && c.offer.to === me && Date.parse(c.offer.expiresAt) > now);
        this.deps.node.hidden = !this.offered;
        if (!this.offered) return;
        const key = `${this.offered.id}@${this.offered.offer.at}`;
        if (!this.announced.has(key)) {
            this.announced.add(key);
            this.deps.announce(`Se le ofrece un caso: ${this.describe(this.offered)}.`, true);
        }
        this.tick(now);
    }

    /** Redraws the time left (called each second). */
    tick(now = Date.now()) {
        if (!this.offered) return;
        const left = Math.max(0, Math.ceil((Date.parse(this.offered.offer.expiresAt) - now) / 1000));
        if (left === 0) {
            this.deps.node.hidden = true;
            return;
        }
        setText(
            this.deps.text,
            `Se le ofrece un caso ${PRIORITY_WORDS[this.offered.priority] || PRIORITY_WORDS.normal}: ${this.describe(this.offered)}. Tiene ${left} s para aceptarlo.`
        );
    }

    describe(value) {
        const where = (value.report && value.report.departmentName) || 'departamento sin indicar';
        return `${citizenName(value).name} · ${where}`;
    }

    async accept() {
        const offered = this.offered;
        if (!offered || this.busy) return;
        this.busy = true;
        this.deps.accept.disabled = true;
        try {
            await this.deps.api.post(`/api/operator/cases/${encodeURIComponent(offered.id)}/claim`, {});
            this.deps.node.hidden = true;
            this.deps.openCase(offered.id);
        } catch (error) {
            this.deps.notify(error.message, 'error');
        } finally {
            this.busy = false;
            this.deps.accept.disabled = false;
        }
    }
}
