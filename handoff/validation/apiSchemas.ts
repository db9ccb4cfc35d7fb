import { z } from 'zod';
import { USERNAME_PATTERN } from '../auth/sessionService';
import { visibleName } from '../../common/bidi';
import type { Availability } from '../types';

/** An operator's display name, shown in every console: invisible and bidi characters are dropped, something must remain. */
const displayNameSchema = z.string().transform(visibleName).pipe(z.string().trim().min(1).max(100));

/** The request bodies and queries of the operator API, checked before anything else reads them. */
export const loginBody = z.object({
    username: z.string().trim().min(1, 'username is required').max(100),
    password: z.string().min(1, 'password is required').max(200)
});

export const caseListQuery = z.object({
    status: z.enum(['queued', 'assigned', 'resolved', 'withdrawn', 'returned_to_bot']).default('queued')
});

export const textBody = z.object({
    text: z.string().trim().min(1, 'text must not be empty').max(4096, 'text is longer than 4096 characters')
});

/** An operator's message: `clientMessageId`, when the console sends one, makes sending the same request again safe. */
export const operatorMessageBody = textBody.extend({
    clientMessageId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{8,100}$/, 'clientMessageId: 8 to 100 letters, digits, "-" or "_"')
        .optional()
});

/** A message to the citizen: `asTemplate` sends it inside the approved follow-up template (after the 24-hour window). */
export const citizenReplyBody = operatorMessageBody.extend({ asTemplate: z.boolean().optional() });

/** An operator's correction of the case card: only the fields sent change; null clears one. */
export const cardEditBody = z
    .object({
        departmentId: z
            .string()
            .regex(/^\d{5}$/, 'departmentId: a department id such as 10049')
            .nullable()
            .optional(),
        locality: z.string().transform(visibleName).pipe(z.string().trim().max(120)).nullable().optional(),
        address: z.string().transform(visibleName).pipe(z.string().trim().max(300)).nullable().optional(),
        emergencyTypeId: z
            .string()
            .regex(/^[a-z_]{2,40}$/, 'emergencyTypeId: a type id such as flood')
            .nullable()
            .optional(),
        priority: z.enum(['critical', 'high', 'normal']).optional(),
        peopleCount: z.number().int().min(0).max(100_000).nullable().optional(),
        vulnerable: z
            .array(z.enum(['bebe', 'nino', 'anciano', 'embarazada', 'discapacitado']))
            .max(5)
            .optional()
    })
    .strict()
    .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const resolveBody = z.object({
    outcome: z.string().trim().min(1, 'outcome must not be empty').max(500)
});

const password = z.string().min(10, 'password must have at least 10 characters').max(200);
const role = z.enum(['operator', 'supervisor']);

export const createUserBody = z
    .object({
        username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'username: 2-40 lowercase letters, digits, ".", "_" or "-"'),
        password,
        displayName: displayNameSchema.optional(),
        role: role.default('operator')
    })
    .strict();

export const updateUserBody = z
    .object({
        password: password.optional(),
        displayName: displayNameSchema.optional(),
        role: role.optional(),
        active: z.boolean().optional()
    })
    .strict()
    .refine((v) => Object.keys(v).length > 0, 'nothing to change');

/**
 * The signed-in operator replaces their own password. The current one is checked like a login's (and counts against
 * the same failed-login limit); the new one must pass the line's password rule (passwordPolicy.ts).
 */
export const changePasswordBody = z
    .object({
        currentPassword: z.string().min(1, 'currentPassword is required').max(200),
        newPassword: password
    })
    .strict();

/** One line naming every problem, e.g. "text: text must not be empty". */
export function describeIssues(error: z.ZodError): string {
    return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** An operator's own availability (PUT /availability). */
export const availabilityBody = z.object({
    availability: z.enum(['available', 'break', 'off'] as const satisfies readonly Availability[])
});

/** Handing a case to another operator: who, and why (the receiver reads it in the transcript). */
export const transferBody = z.object({
    to: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'to: a username'),
    note: z.string().trim().min(1, 'note must not be empty').max(2000, 'note is longer than 2000 characters')
});
