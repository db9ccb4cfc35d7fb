import { DocumentStore, isPreconditionFailed } from '../storage';
import { EmergencyReport } from './report';
import { newReportId } from './reportId';

/** Reserved report ids: collection 'meta', partition = id = the report id, so an id is issued once. */
interface ReportIdReservation {
    kind: 'report_id';
    citizenKey: string;
}

const MAX_ID_ATTEMPTS = 8;

/** Saved emergency reports: collection 'reports', partition = citizen key, id = the short report id. */
export class ReportRepository {
    constructor(
        private readonly store: DocumentStore,
        private readonly generateId: () => string = newReportId
    ) {}

    /**
     * Saves a new report under a fresh short id, reserved first so that no two reports share one. A turn that runs
     * again after a crash (its replies were never committed) saves nothing new: the report made from the same
     * citizen message (`sourceMessageId`) is returned, so the citizen is told the same number.
     */
    async create(report: Omit<EmergencyReport, 'id'>): Promise<EmergencyReport> {
        if (report.sourceMessageId !== undefined) {
            const [existing] = await this.store.query<EmergencyReport>('reports', {
                partitionKey: report.citizenKey,
                where: [{ field: 'sourceMessageId', op: '=', value: report.sourceMessageId }],
                limit: 1
            });
            if (existing) return existing.value;
        }
        for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            const id = this.generateId();
            try {
                await this.store.put<ReportIdReservation>(
                    'meta',
                    { partitionKey: id, id, value: { kind: 'report_id', citizenKey: report.citizenKey } },
                    { ifNoneMatch: '*' }
                );
            } catch (error) {
                if (isPreconditionFailed(error)) continue;
                throw error;
            }
            const saved: EmergencyReport = { id, ...report };
            await this.store.put('reports', { partitionKey: report.citizenKey, id, value: saved });
            return saved;
        }
        throw new Error(`ReportRepository.create(): no free report id after ${MAX_ID_ATTEMPTS} attempts`);
    }

    async get(citizenKey: string, reportId: string): Promise<EmergencyReport | undefined> {
        return (await this.store.get<EmergencyReport>('reports', citizenKey, reportId))?.value;
    }

    /** A report by the id a citizen quotes on the phone. */
    async findById(reportId: string): Promise<EmergencyReport | undefined> {
        const reservation = await this.store.get<ReportIdReservation>('meta', reportId, reportId);
        return reservation ? this.get(reservation.value.citizenKey, reportId) : undefined;
    }

    /** A citizen's reports, newest first. */
    async listByCitizen(citizenKey: string): Promise<EmergencyReport[]> {
        const docs = await this.store.query<EmergencyReport>('reports', {
            partitionKey: citizenKey,
            orderBy: [{ field: 'createdAt', direction: 'desc' }]
        });
        return docs.map((d) => d.value);
    }
}
