import { expect } from 'chai';
import type { EmergencyReport } from '../../../dialogs/report';
import type { ReportBotHarness } from './reportBotHarness';

/**
 * The one report of Ana Díaz (Capital, Av. Belgrano 900) saved with type `typeId`, handed over as urgent (critical)
 * with its id, and its number told to the citizen in `reply` with the emergency numbers.
 */
export async function expectUrgentReportSaved(h: ReportBotHarness, reply: string, typeId: string): Promise<EmergencyReport> {
    expect(reply).to.include('Entiendo que es urgente').and.include('911');
    const reports = await h.reportsOf();
    expect(reports).to.have.length(1);
    const [report] = reports;
    expect(report).to.include({
        name: 'Ana Díaz',
        departmentName: 'Capital',
        emergencyTypeId: typeId,
        priority: 'critical',
        status: 'submitted'
    });
    expect(report.location).to.deep.equal({ kind: 'text', text: 'Av. Belgrano 900' });
    expect(reply).to.include(`Número: ${report.id}`);
    const handoffs = await h.handoffsOf();
    expect(handoffs).to.have.length(1);
    expect(handoffs[0]).to.include({ reason: 'urgent', priority: 'critical', reportId: report.id });
    expect(handoffs[0].report).to.include({ name: 'Ana Díaz', emergencyTypeId: typeId });
    return report;
}
