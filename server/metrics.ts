import * as client from 'prom-client';

/**
 * The Prometheus metrics of one server instance, in a registry of its own so that two servers in one
 * process (tests) never mix their figures.
 */
export class ServerMetrics {
    readonly registry = new client.Registry();

    readonly httpRequests = new client.Counter({
        name: 'http_requests_total',
        help: 'HTTP requests answered, by method, route and status code.',
        labelNames: ['method', 'route', 'status'] as const,
        registers: [this.registry]
    });

    readonly httpDuration = new client.Histogram({
        name: 'http_request_duration_seconds',
        help: 'Time from receiving a request to finishing its answer.',
        labelNames: ['method', 'route'] as const,
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [this.registry]
    });

    readonly turnDuration = new client.Histogram({
        name: 'bot_turn_duration_seconds',
        help: 'Time one bot turn takes, by channel.',
        labelNames: ['channel'] as const,
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [this.registry]
    });

    readonly storageOperations = new client.Histogram({
        name: 'storage_operation_duration_seconds',
        help: 'Duration of document-store operations, by operation and collection.',
        labelNames: ['operation', 'collection'] as const,
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
        registers: [this.registry]
    });

    readonly storageErrors = new client.Counter({
        name: 'storage_errors_total',
        help: 'Document-store operations that failed for a reason other than a conditional write not holding.',
        labelNames: ['operation', 'collection'] as const,
        registers: [this.registry]
    });

    constructor() {
        client.collectDefaultMetrics({ register: this.registry });
    }

    async render(): Promise<{ contentType: string; body: string }> {
        return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    }
}
