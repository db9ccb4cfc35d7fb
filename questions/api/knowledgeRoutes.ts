import type * as restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../../common/logger';
import { HttpError, parse, route } from '../../handoff';
import { authenticate, authOf, requireSupervisor } from '../../handoff';
import type { SessionService } from '../../handoff';
import { jsonBody } from '../../common/http/jsonBody';
import { ENTRY_ID, entryContentSchema } from '../knowledgeBase';
import type { KnowledgeRepository } from '../knowledgeRepository';
import type { MatchResult } from '../matcher';

export interface KnowledgeRoutesDeps {
    knowledge: KnowledgeRepository;
    /** Ranks a text against the entries in force (after the edit just made). */
    match(text: string): Promise<MatchResult>;
    /** Called after each edit, so the next match sees it. */
    changed(): void;
    sessions: SessionService;
    logger: Logger;
    maxBodyBytes: number;
    now(): Date;
}

const BASE = '/api/supervisor/knowledge';

/** PUT's body: the entry's content; an `id` in it, if any, must be the one in the path. */
const putBody = entryContentSchema.extend({ id: z.string().optional() }).strict();
const previewBody = z.object({ text: z.string().trim().min(1, 'write the question to try').max(4096, 'at most 4,096 characters') }).strict();

/**
 * The supervisors' knowledge-base API: list the entries in force, create or replace one, delete one, and preview how
 * a citizen's text is matched. Session (cookie + CSRF, or Bearer) and the supervisor role are checked as in the
 * operator and alert APIs (401 without a session, 403 for an operator); bodies are JSON validated with zod (400
 * naming every problem); storage that does not answer is 503 with Retry-After.
 */
export function mountKnowledgeRoutes(server: restify.Server, deps: KnowledgeRoutesDeps): void {
    const { knowledge, logger } = deps;
    const guard = [authenticate(deps.sessions, logger), requireSupervisor];
    const body = jsonBody(deps.maxBodyBytes);
    const on = (fn: (req: restify.Request, res: restify.Response) => Promise<void>): restify.RequestHandler => route(logger, fn);
    const by = (req: restify.Request): string => authOf(req).operator.username;

    server.get(
        BASE,
        ...guard,
        on(async (_req, res) => {
            res.header('Cache-Control', 'no-store');
            res.send(200, { entries: await knowledge.list() });
        })
    );

    server.post(
        `${BASE}/preview`,
        ...guard,
        ...body,
        on(async (req, res) => {
            const { text } = parse(previewBody, req.body);
            const result = await deps.match(text);
            res.send(200, {
                text,
                wouldAnswer: result.entry !== undefined,
                threshold: result.threshold,
                ...(result.entry ? { answer: { id: result.entry.id, title: result.entry.title, answer: result.entry.answer } } : {}),
                matches: result.ranked
            });
        })
    );

    server.put(
        `${BASE}/:id`,
        ...guard,
        ...body,
        on(async (req, res) => {
            const id = entryIdOf(req);
            const { id: named, ...content } = parse(putBody, req.body);
            if (named !== undefined && named !== id) throw new HttpError(400, 'BadRequest', `id: the body names "${named}" but the path "${id}"`);
            const entry = await knowledge.put(id, content, by(req), deps.now().toISOString());
            deps.changed();
            res.send(200, { entry });
        })
    );

    server.del(
        `${BASE}/:id`,
        ...guard,
        on(async (req, res) => {
            const id = entryIdOf(req);
            if (!(await knowledge.delete(id, by(req), deps.now().toISOString()))) throw new HttpError(404, 'NotFound', `no entry ${id}`);
            deps.changed();
            res.send(200, { deleted: id });
        })
    );
}

function entryIdOf(req: restify.Request): string {
    const id = String(req.params.id ?? '');
    if (!ENTRY_ID.test(id)) throw new HttpError(400, 'BadRequest', 'id: lowercase letters, digits and "-", at most 60 characters');
    return id;
}
