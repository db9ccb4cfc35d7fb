// The live view: Server-Sent Events from /api/operator/events. The browser reconnects by itself after a
// dropped connection; when the server refuses the stream (e.g. an expired session) it gives up, so this
// asks whether the session is still valid and reconnects with a growing pause.

const EVENT_TYPES = ['case.created', 'case.updated', 'case.reminder', 'case.transferred', 'message', 'operator.availability'];
const MAX_PAUSE_MS = 30_000;

export class LiveEvents {
    /**
     * @param handlers {{ onEvent(type, data), onStatus(status), onConnected(), beforeReconnect(): Promise<boolean> }}
     *   onConnected: after every (re)connection, so the caller reloads what it may have missed;
     *   beforeReconnect: false stops reconnecting (the session ended).
     */
    constructor(url, handlers) {
        this.url = url;
        this.handlers = handlers;
        this.source = undefined;
        this.retryTimer = undefined;
        this.failures = 0;
        this.stopped = true;
    }

    start() {
        this.stopped = false;
        this.connect();
    }

    stop() {
        this.stopped = true;
        clearTimeout(this.retryTimer);
        if (this.source) this.source.close();
        this.source = undefined;
    }

    connect() {
        if (this.stopped) return;
        this.handlers.onStatus('connecting');
        const source = this.open(this.url);
        this.source = source;
        source.addEventListener('open', () => {
            this.failures = 0;
            this.handlers.onStatus('live');
            this.handlers.onConnected();
        });
        source.addEventListener('error', () => {
            if (this.stopped || source !== this.source) return;
            if (source.readyState === EventSource.CLOSED) {
                this.handlers.onStatus('offline');
                this.scheduleReconnect();
            } else {
                this.handlers.onStatus('connecting');
            }
        });
        for (const type of EVENT_TYPES) {
            source.addEventListener(type, (event) => {
                let data;
                try {
                    data = JSON.parse(event.data);
                } catch {
                    return;
                }
                this.handlers.onEvent(type, data);
            });
        }
    }

    scheduleReconnect() {
        if (this.source) this.source.close();
        this.source = undefined;
        this.failures += 1;
        const pause = Math.min(MAX_PAUSE_MS, 1000 * 2 ** Math.min(this.failures - 1, 5));
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(async () => {
            if (this.stopped) return;
            const goOn = await this.handlers.beforeReconnect().catch(() => true);
            if (goOn) this.connect();
        }, pause);
    }

    /** The transport seam. */
    open(url) {
        return new EventSource(url, { withCredentials: true });
    }
}
