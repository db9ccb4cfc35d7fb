// The one way the console talks to the server: same-origin fetch with the session cookie, the CSRF header
// on every change, JSON in and out, and a single place that notices an expired session.

/** An answer other than success, with a Spanish message an operator can act on. */
export class ApiError extends Error {
    constructor(status, code, message, serverMessage) {
        super(message);
        this.name = 'ApiError';
        this.status = status;
        this.code = code;
        this.serverMessage = serverMessage;
    }
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Refusals the server words in Spanish itself (its account texts, handoff/texts.ts): why a password is refused, why
 * an account change is not allowed. Their message is shown as it comes.
 */
const SERVER_WORDED = new Set([
    'PasswordChangeRequired',
    'WeakPassword',
    'SamePassword',
    'WrongPassword',
    'OwnAccount',
    'LastSupervisor',
    'SupervisorChangeBusy',
    'PasswordCheckUnavailable'
]);

export class Api {
    constructor() {
        this.csrfToken = '';
        /** Called once per expired session (401 on anything but the login itself). */
        this.onUnauthorized = () => {};
        /** Called when the server refuses a route until the operator changes a password someone else set (403). */
        this.onPasswordChangeRequired = () => {};
    }

    setCsrfToken(token) {
        this.csrfToken = token || '';
    }

    get(path) {
        return this.request('GET', path);
    }

    post(path, body, extraHeaders) {
        return this.request('POST', path, body, extraHeaders);
    }

    patch(path, body) {
        return this.request('PATCH', path, body);
    }

    put(path, body) {
        return this.request('PUT', path, body);
    }

    delete(path) {
        return this.request('DELETE', path);
    }

    async request(method, path, body, extraHeaders = {}) {
        const headers = { Accept: 'application/json', ...extraHeaders };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        if (!SAFE_METHODS.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
        let response;
        try {
            response = await this.send(path, {
                method,
                headers,
                credentials: 'same-origin',
                cache: 'no-store',
                body: body === undefined ? undefined : JSON.stringify(body)
            });
        } catch (error) {
            throw new ApiError(0, 'NetworkError', 'Sin conexión con el servidor. Revise la red e intente de nuevo.', String(error));
        }
        const payload = await response.json().catch(() => ({}));
        if (response.ok) return payload;
        const serverMessage = typeof payload.message === 'string' ? payload.message : '';
        if (response.status === 401 && path !== '/api/operator/login') this.onUnauthorized();
        const code = payload.code || 'Error';
        if (response.status === 403 && code === 'PasswordChangeRequired') this.onPasswordChangeRequired();
        const message =
            response.status === 503 && code === 'StorageUnavailable'
                ? storageUnavailableMessage(method, path)
                : SERVER_WORDED.has(code) && serverMessage
                  ? serverMessage
                  : spanishMessage(response, serverMessage);
        throw new ApiError(response.status, code, message, serverMessage);
    }

    /** The transport seam. */
    send(path, init) {
        return fetch(path, init);
    }
}

/**
 * The server answered 503 StorageUnavailable: its database did not answer for a moment. Said as such, the operator
 * retries in a moment instead of taking it for a fault to report; the first words name what did not happen (a
 * reading, the login, or a change).
 */
function storageUnavailableMessage(method, path) {
    const what = path === '/api/operator/login' ? 'No se pudo ingresar' : SAFE_METHODS.has(method) ? 'No se pudo cargar' : 'No se pudo guardar';
    return `${what}: el servidor no llega a la base de datos. Reintente en unos segundos.`;
}

function spanishMessage(response, serverMessage) {
    switch (response.status) {
        case 400:
            return `Datos no válidos (${serverMessage}).`;
        case 401:
            return 'Su sesión expiró o no es válida. Ingrese de nuevo.';
        case 403:
            return 'No tiene permiso para hacer esto.';
        case 404:
            return 'No se encontró lo pedido; puede haber sido cerrado.';
        case 409:
            return 'Otra persona cambió este caso recién. La vista se actualizó; revise y vuelva a intentar.';
        case 429: {
            const wait = Number(response.headers.get('Retry-After'));
            return Number.isFinite(wait) && wait > 0
                ? `Demasiados intentos fallidos. Espere ${Math.ceil(wait / 60)} min y vuelva a intentar.`
                : 'Demasiados intentos fallidos. Espere unos minutos.';
        }
        default:
            return 'El servidor no pudo completar la acción. Intente de nuevo en unos segundos.';
    }
}
