/** The case changed under us, or is in a status where this is not allowed: the API answers 409. */
export class ConflictError extends Error {
    readonly code = 'CONFLICT';
    constructor(where: string, detail: string) {
        super(`${where}: ${detail}`);
        this.name = 'ConflictError';
    }
}

/**
 * More than 24 h since the citizen's last message: WhatsApp refuses free text (131047), only an approved template
 * reaches them. The API answers 409 WindowClosed and the console offers the follow-up template.
 */
export class WindowClosedError extends Error {
    readonly code = 'WINDOW_CLOSED';
    constructor(where: string, detail: string) {
        super(`${where}: ${detail}`);
        this.name = 'WindowClosedError';
    }
}

/** No such case (or user): the API answers 404. */
export class NotFoundError extends Error {
    readonly code = 'NOT_FOUND';
    constructor(where: string, detail: string) {
        super(`${where}: ${detail}`);
        this.name = 'NotFoundError';
    }
}

/** The actor may not do this to this case (e.g. an operator releasing someone else's case): 403. */
export class ForbiddenError extends Error {
    readonly code = 'FORBIDDEN';
    constructor(where: string, detail: string) {
        super(`${where}: ${detail}`);
        this.name = 'ForbiddenError';
    }
}
