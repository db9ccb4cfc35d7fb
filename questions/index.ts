/**
 * Questions a citizen asks that are not a report: "¿hay alerta en Belén?" (answered from the alerts the line stands
 * behind) and the agency's questions and answers (a knowledge base supervisors edit, matched on the citizen's words).
 * Callers use this entry point and nothing inside the folder.
 */
import type * as restify from 'restify';
import type { Logger } from '../common/logger';
import type { SessionService } from '../handoff';
import { readPlace } from '../language';
import type { DocumentStore } from '../storage';
import { mountKnowledgeRoutes } from './api/knowledgeRoutes';
import { AlertsAnswer, AlertsQuery, answerCurrentAlerts, StandingBroadcasts, standingBroadcastsIn } from './currentAlerts';
import { KnowledgeEntry, shippedKnowledge } from './knowledgeBase';
import { KnowledgeRepository } from './knowledgeRepository';
import { DEFAULT_THRESHOLD, MatchResult, QuestionMatcher } from './matcher';

export interface QuestionsDeps {
    store: DocumentStore;
    logger: Logger;
    /** The handoff's sessions (`handoff.sessions`): the knowledge API is for logged-in supervisors. */
    auth: { sessions: SessionService };
    /** Largest JSON body of the knowledge API (config.maxBodyBytes; default 1 MB). */
    maxBodyBytes?: number;
    /** The standing broadcasts (default: read from `store`, collection 'broadcasts'). */
    broadcasts?: StandingBroadcasts;
    /** The matcher's threshold (default {@link DEFAULT_THRESHOLD}, chosen on the held-out set). */
    threshold?: number;
    /** How long another instance's edits may take to reach this one's matcher (default 30 s). */
    reloadMs?: number;
    /** Now (tests pass a fixed clock). */
    now?: () => Date;
}

/** "¿Hay alerta…?" as asked: the department is read from `text` when `departmentId` is not given. */
export interface AlertsQuestion extends AlertsQuery {
    text?: string;
}

export interface Questions {
    /** The Spanish answer about the alerts in force (and an offer to subscribe for a citizen who is not). */
    answerAlertsQuery(question: AlertsQuestion): Promise<AlertsAnswer>;
    /** The knowledge entry answering `text`, or none ("no match": open a "consulta" case), with the ranking. */
    matchQuestion(text: string): Promise<MatchResult>;
    /** The entries in force (shipped, edited, added). */
    entries(): Promise<KnowledgeEntry[]>;
    /** GET/PUT/DELETE /api/supervisor/knowledge[/:id], POST /api/supervisor/knowledge/preview. */
    mountRoutes(server: restify.Server): void;
}

/**
 * Wires questions/: validates the shipped knowledge base now (a broken file throws KnowledgeBaseError naming the file
 * and the entry, so the start stops), reads supervisors' edits from `store`, and answers alert queries from the
 * broadcasts in `store`.
 */
export function createQuestions(deps: QuestionsDeps): Questions {
    const shipped = shippedKnowledge();
    const knowledge = new KnowledgeRepository(deps.store, shipped);
    const broadcasts = deps.broadcasts ?? standingBroadcastsIn(deps.store);
    const now = deps.now ?? (() => new Date());
    const reloadMs = deps.reloadMs ?? 30_000;
    const threshold = deps.threshold ?? DEFAULT_THRESHOLD;
    let cached: { matcher: QuestionMatcher; at: number } | undefined;
    let loading: Promise<QuestionMatcher> | undefined;
    /** Counts edits made here: a list read before one must not be cached after it. */
    let generation = 0;

    const matcher = async (): Promise<QuestionMatcher> => {
        if (cached && Date.now() - cached.at < reloadMs) return cached.matcher;
        if (loading) return loading;
        const started = generation;
        const load = knowledge
            .list()
            .then((entries) => {
                const built = new QuestionMatcher(entries, threshold);
                if (started === generation) cached = { matcher: built, at: Date.now() };
                return built;
            })
            .finally(() => {
                if (loading === load) loading = undefined;
            });
        loading = load;
        return load;
    };
    const matchQuestion = async (text: string): Promise<MatchResult> => (await matcher()).match(text);

    return {
        async answerAlertsQuery(question) {
            const departmentId = question.departmentId ?? (question.text ? readPlace(question.text).department?.id : undefined);
            return answerCurrentAlerts(broadcasts, {
                ...(departmentId ? { departmentId } : {}),
                ...(question.subscription ? { subscription: question.subscription } : {}),
                now: question.now ?? now()
            });
        },
        matchQuestion,
        async entries() {
            return (await knowledge.list()).map(({ id, title, answer, askedAs }) => ({ id, title, answer, askedAs }));
        },
        mountRoutes(server) {
            mountKnowledgeRoutes(server, {
                knowledge,
                match: matchQuestion,
                changed: () => {
                    generation++;
                    cached = undefined;
                    loading = undefined;
                },
                sessions: deps.auth.sessions,
                logger: deps.logger,
                maxBodyBytes: deps.maxBodyBytes ?? 1024 * 1024,
                now
            });
        }
    };
}

export type { AlertsAnswer, AlertsQuery, StandingBroadcasts } from './currentAlerts';
export { answerCurrentAlerts, standingBroadcastsIn, untilText, STANDING_STATES } from './currentAlerts';
export type { KnowledgeEntry, KnowledgeEntryContent } from './knowledgeBase';
export { KnowledgeBaseError, KNOWLEDGE_BASE_FILE, parseKnowledgeBase, shippedKnowledge } from './knowledgeBase';
export type { KnowledgeEdit, ListedEntry } from './knowledgeRepository';
export { KnowledgeRepository } from './knowledgeRepository';
export type { MatchResult, RankedMatch } from './matcher';
export { DEFAULT_THRESHOLD, QuestionMatcher } from './matcher';
export { say as sayQuestion } from './texts';
