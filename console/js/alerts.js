// Getting a busy operator's attention for a new critical case: a short sound, the tab's title flashing
// "(1) ¡URGENTE! …" until the window is focused or the case is opened, and an assertive announcement.

const FLASH_MS = 1000;

export class UrgentAlerts {
    constructor(baseTitle) {
        this.baseTitle = baseTitle;
        this.pending = new Map();
        this.flashTimer = undefined;
        this.phase = false;
        this.audio = undefined;
        /** Called whenever the set of unseen critical cases changes. */
        this.onChange = () => {};
        // Coming back to the window is noticing: the title calms down; the in-page banner stays until opened.
        window.addEventListener('focus', () => this.stopFlashing());
    }

    /** Browsers only let a page make sound after a user gesture: the login click or key press is one. */
    unlockSound() {
        try {
            const AudioContextClass = window.AudioContext || /** @type {any} */ (window).webkitAudioContext;
            if (!AudioContextClass) return;
            if (!this.audio) this.audio = new AudioContextClass();
            if (this.audio.state === 'suspended') this.audio.resume().catch(() => {});
        } catch {
            this.audio = undefined;
        }
    }

    /** A new critical case (once per case). */
    raise(caseId, text) {
        if (this.pending.has(caseId)) return;
        this.pending.set(caseId, text);
        this.beep();
        this.startFlashing();
        this.onChange();
    }

    /** The operator opened the case. */
    seen(caseId) {
        if (!this.pending.delete(caseId)) return;
        if (this.pending.size === 0) this.stopFlashing();
        this.onChange();
    }

    clearAll() {
        this.pending.clear();
        this.stopFlashing();
        this.onChange();
    }

    get count() {
        return this.pending.size;
    }

    /** The oldest unseen critical case: [id, text]. */
    first() {
        return this.pending.entries().next().value;
    }

    startFlashing() {
        this.renderTitle();
        if (this.flashTimer) return;
        this.flashTimer = setInterval(() => {
            this.phase = !this.phase;
            this.renderTitle();
        }, FLASH_MS);
    }

    stopFlashing() {
        clearInterval(this.flashTimer);
        this.flashTimer = undefined;
        this.phase = false;
        document.title = this.baseTitle;
    }

    renderTitle() {
        const count = this.pending.size;
        if (count === 0) return;
        document.title = this.phase ? `(${count}) ■■■■■■ ${this.baseTitle}` : `(${count}) ¡URGENTE! Caso crítico nuevo`;
    }

    /** Two short high tones (an oscillator: no sound file to load). */
    beep() {
        const audio = this.audio;
        if (!audio || audio.state === 'closed') return;
        try {
            const start = audio.currentTime + 0.01;
            for (const [offset, frequency] of [
                [0, 880],
                [0.28, 1175]
            ]) {
                const oscillator = audio.createOscillator();
                const gain = audio.createGain();
                oscillator.type = 'square';
                oscillator.frequency.value = frequency;
                gain.gain.setValueAtTime(0.0001, start + offset);
                gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
                gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
                oscillator.connect(gain).connect(audio.destination);
                oscillator.start(start + offset);
                oscillator.stop(start + offset + 0.25);
            }
            // Visible to tests and to anyone checking why the console beeped.
            document.documentElement.dataset.urgentSounds = String(Number(document.documentElement.dataset.urgentSounds || 0) + 1);
        } catch {
            // No sound is better than a broken console.
        }
    }
}
