import { z } from 'zod';
import { REQUEST_STATES } from '../types';

/** "SOL-4F2K" as issued (upper case; the route upper-cases what it is given). */
export const REQUEST_NUMBER_PATTERN = /^SOL-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}$/;

/** GET /api/supervisor/requests?state=…&limit=…&before=… */
export const requestListQuery = z
    .object({
        state: z.enum(REQUEST_STATES).optional(),
        limit: z.coerce.number().int().min(1).max(100).optional(),
        before: z.string().min(1).max(200).optional()
    })
    .strict();

/** POST /api/supervisor/requests/:id/state — {state, note?, revision?} */
export const stateChangeBody = z
    .object({
        state: z.enum(REQUEST_STATES),
        note: z.string().trim().max(500, 'note is longer than 500 characters').optional(),
        /** The revision the supervisor saw; a stale one is 409. */
        revision: z.number().int().min(0).optional()
    })
    .strict();

export function describeIssues(error: z.ZodError): string {
    return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
