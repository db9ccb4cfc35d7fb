import { AlertLevel, CapSeverity } from './types';

/** What the configuration decides about weather alerts (the lead maps environment variables onto it). */
export interface AlertSettings {
    /** ALERT_RATE_PER_SECOND (default 80): template sends per second, all broadcasts together. */
    ratePerSecond: number;
    /** WHATSAPP_ALERT_TEMPLATE: the approved template's name (see alerts/README.md for its body). */
    templateName: string;
    /** WHATSAPP_ALERT_TEMPLATE_LANGUAGE, e.g. `es_AR`. */
    templateLanguage: string;
    /** CAP_FEED_URL: a CAP document or an Atom/RSS index of CAP documents to poll; off when absent. */
    capFeedUrl?: string;
    /** CAP_FEED_INTERVAL_SECONDS as milliseconds (default 5 minutes). */
    capFeedIntervalMs?: number;
    /** CAP_AUTO_APPROVE: send ingested CAP alerts without a supervisor's approval (default false). */
    capAutoApprove: boolean;
    /** CAP severity -> public colour; 'none' means "do not send to the public". */
    severityLevels: Record<CapSeverity, AlertLevel | 'none'>;
    /** Sends in flight at once (default: 200 ms worth of the rate, between 50 and 400). */
    concurrency?: number;
    /**
     * How long one recipient's send is retried while Graph answers with retryable codes (default 10 minutes, and
     * never past the alert's validUntil): a hiccup at Meta must not cost anyone the alert, a recipient Graph keeps
     * refusing must not keep the broadcast open for hours.
     */
    retryForMs?: number;
    /** Retry backoff (full jitter) base and ceiling (defaults 500 ms / 30 s). */
    retryBaseMs?: number;
    retryMaxMs?: number;
    /** One "second" of Meta's 4^n s pair-rate backoff (default 1000; tests shrink it). */
    pairBackoffUnitMs?: number;
    /**
     * After a crash or an unanswered send: how long to wait for status webhooks naming a send whose fate is
     * unknown before sending it again (default 120 s; Meta retries unanswered webhooks, quickly at first).
     */
    reconcileWindowMs?: number;
    /** How often the reconciliation looks for those statuses (default 1 s). */
    reconcilePollMs?: number;
    /** After a fan-out failed (storage did not answer): the first pause before it is started again, doubling to 5 min (default 5 s). */
    relaunchBaseMs?: number;
    /** How long a broadcast's lease holds without renewal (default 30 s): how soon another instance takes over a dead one's broadcast. */
    leaseTtlMs?: number;
    /** How often a fan-out checks that its lease still holds (default 2 s). */
    leaseCheckMs?: number;
}

/** The usual mapping (not confirmed by the publisher, hence configurable). */
export const DEFAULT_SEVERITY_LEVELS: Record<CapSeverity, AlertLevel | 'none'> = {
    Extreme: 'rojo',
    Severe: 'naranja',
    Moderate: 'amarillo',
    Minor: 'amarillo',
    Unknown: 'amarillo'
};

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
    ratePerSecond: 80,
    templateName: 'alerta_meteorologica',
    templateLanguage: 'es_AR',
    capAutoApprove: false,
    severityLevels: DEFAULT_SEVERITY_LEVELS
};

/** Reads `severe=naranja,extreme=rojo,...` (e.g. an ALERT_SEVERITY_LEVELS variable) over the defaults. */
export function parseSeverityLevels(text: string | undefined): Record<CapSeverity, AlertLevel | 'none'> {
    const levels = { ...DEFAULT_SEVERITY_LEVELS };
    if (!text?.trim()) return levels;
    for (const pair of text.split(',')) {
        const [rawSeverity, rawLevel] = pair.split('=').map((part) => part?.trim().toLowerCase());
        const severity = (Object.keys(levels) as CapSeverity[]).find((s) => s.toLowerCase() === rawSeverity);
        const level = ['verde', 'amarillo', 'naranja', 'rojo', 'none'].find((l) => l === rawLevel) as AlertLevel | 'none' | undefined;
        if (!severity || !level) throw new Error(`parseSeverityLevels(): cannot read ${JSON.stringify(pair)}; expected e.g. severe=naranja`);
        levels[severity] = level;
    }
    return levels;
}
