import { z } from 'zod';
import { ALERT_LEVELS } from '../types';

const departments = z.union([z.literal('all'), z.array(z.string().trim().min(1).max(10)).min(1, 'name at least one department, or "all"').max(16)]);

/** POST /api/alerts/preview */
export const previewBody = z.object({ departments }).strict();

/** POST /api/alerts */
export const alertBody = z
    .object({
        level: z.enum(ALERT_LEVELS),
        phenomenon: z.string().trim().min(1).max(60),
        departments,
        text: z.string().trim().min(1).max(600),
        validUntil: z
            .string()
            .datetime({ offset: true, message: 'must be an ISO-8601 date and time with its offset, e.g. 2026-11-29T02:00:00-03:00' })
    })
    .strict();

export function describeIssues(error: z.ZodError): string {
    return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
