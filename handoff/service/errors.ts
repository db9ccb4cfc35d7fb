/** The case changed under us, or is in a status where this is not allowed: the API answers 409. */
export class ConflictError extends Error {
    readonly code = 'CONFLICT';
    constructor(where: string, detail: string) {
        super(`${where}: ${detail}`);
        this.name = 'ConflictError';
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
