import * as crypto from 'crypto';
import type { Logger } from '../../common/logger';
import { Clock } from '../../common/clock';
import { recognizeDepartment } from '../../dialogs';
import { say } from '../../dialogs';
import { BroadcastService } from '../broadcastService';
import { AlertSettings } from '../settings';
import { AlertLevel, Broadcast, CapOrigin } from '../types';
import { departmentsTouched } from './capGeometry';
import { CapAlert, CapInfo, parseCap } from './capParser';

export type CapOutcome =
    | { outcome: 'duplicate'; broadcastId: string }
    | { outcome: 'ignored'; broadcastId: string; reason: string }
    | { outcome: 'awaiting_approval' | 'sending'; broadcastId: string; level: AlertLevel; departments: string[]; cancelled: string[] }
    | { outcome: 'cancelled'; broadcastId: string; cancelled: string[]; notice?: 'awaiting_approval' | 'sending' };

/** Without `expires`, an alert is taken to be valid this long after it starts. */
const DEFAULT_VALIDITY_MS = 24 * 60 * 60 * 1000;

/** A CAP document's broadcast id: the same sender and identifier always give the same id (never sent twice). */
export function capBroadcastId(sender: string, identifier: string): string {
    return `cap-${crypto.createHash('sha256').update(`${sender}\n${identifier}`).digest('hex').slice(0, 24)}`;
}

/**
 * Turns a CAP 1.2 document into a broadcast, or records why it must not reach the public (not Actual, not Public,
 * expired, outside Catamarca, a severity mapped to 'none'). `Update` supersedes and `Cancel` cancels the alerts its
 * `references` name; a cancelled alert that already reached people gets a short "alert lifted" notice.
 * Ingested alerts wait for a supervisor's approval unless `capAutoApprove`.
 */
export class CapIngest {
    constructor(
        private readonly service: BroadcastService,
        private readonly settings: Pick<AlertSettings, 'capAutoApprove' | 'severityLevels'>,
        private readonly clock: Clock,
        private readonly logger: Logger
    ) {}

    /** @throws CapFormatError for a document that cannot be read (the API answers 400). */
    async ingest(xml: string, by: string): Promise<CapOutcome> {
        const alert = parseCap(xml);
        const id = capBroadcastId(alert.sender, alert.identifier);
        if (await this.service.get(id)) return { outcome: 'duplicate', broadcastId: id };
        const references = alert.references.map((r) => capBroadcastId(r.sender, r.identifier));
        const origin: CapOrigin = {
            identifier: alert.identifier,
            sender: alert.sender,
            sent: alert.sent,
            msgType: alert.msgType === 'Update' || alert.msgType === 'Cancel' ? alert.msgType : 'Alert',
            references
        };
        const info = chooseInfo(alert);
        if (info) {
            origin.severity = info.severity;
            if (info.headline) origin.headline = info.headline;
        }

        const notPublic =
            alert.status !== 'Actual'
                ? `status ${alert.status} is not for the public`
                : alert.scope !== 'Public'
                  ? `scope ${alert.scope} is not for the public`
                  : alert.msgType === 'Ack' || alert.msgType === 'Error'
                    ? `msgType ${alert.msgType} carries no alert`
                    : undefined;
        if (notPublic) return this.ignore(id, origin, alert, info, notPublic);

        const cancelled = await this.cancelReferenced(references, alert);
        if (alert.msgType === 'Cancel') return this.cancelNotice(id, origin, alert, references, cancelled, by);

        if (!info) return this.ignore(id, origin, alert, info, 'no <info> block');
        const now = this.clock.now();
        const validUntil = validUntilOf(alert, info);
        if (Date.parse(validUntil) <= now) return this.ignore(id, origin, alert, info, `expired at ${validUntil}`);
        const departments = departmentsOf(info);
        if (departments.length === 0) return this.ignore(id, origin, alert, info, 'the area lies outside Catamarca (no department reached)');
        const level = this.settings.severityLevels[info.severity];
        if (level === 'none') return this.ignore(id, origin, alert, info, `severity ${info.severity} is configured not to be sent`);

        const broadcast = await this.service.create(
            { level, phenomenon: info.event, departments, text: alertText(info), validUntil },
            { source: 'cap', by, id, cap: origin, awaitApproval: !this.settings.capAutoApprove }
        );
        if (!broadcast) return { outcome: 'duplicate', broadcastId: id };
        this.logger.info({ broadcastId: id, identifier: alert.identifier, msgType: alert.msgType, state: broadcast.state }, 'CAP alert ingested');
        return { outcome: broadcast.state === 'awaiting_approval' ? 'awaiting_approval' : 'sending', broadcastId: id, level, departments, cancelled };
    }

    /** Update and Cancel: the referenced broadcasts not yet finished are cancelled (nobody else gets the old one). */
    private async cancelReferenced(references: string[], alert: CapAlert): Promise<string[]> {
        const cancelled: string[] = [];
        for (const reference of references) {
            const target = await this.service.get(reference);
            if (!target || !['awaiting_approval', 'preparing', 'sending'].includes(target.state)) continue;
            try {
                await this.service.cancel(
                    reference,
                    `cap:${alert.sender}`,
                    `${alert.msgType === 'Cancel' ? 'cancelled' : 'superseded'} by CAP ${alert.identifier}`
                );
                cancelled.push(reference);
            } catch (error) {
                this.logger.warn({ err: error, reference }, 'CapIngest: could not cancel a referenced broadcast');
            }
        }
        return cancelled;
    }

    /** A Cancel: if a referenced alert already reached people, they are told it was lifted (same approval rule). */
    private async cancelNotice(
        id: string,
        origin: CapOrigin,
        alert: CapAlert,
        references: string[],
        cancelled: string[],
        by: string
    ): Promise<CapOutcome> {
        const reached: Broadcast[] = [];
        for (const reference of references) {
            const target = await this.service.get(reference);
            if (target && (target.state === 'completed' || (target.state === 'cancelled' && target.startedAt))) reached.push(target);
        }
        if (reached.length === 0) {
            await this.service.recordIgnored(
                ignoredBroadcast(id, origin, alert, undefined, `Cancel of ${references.join(', ')}: nothing had been sent`, this.clock)
            );
            return { outcome: 'cancelled', broadcastId: id, cancelled };
        }
        const departments = [...new Set(reached.flatMap((b) => b.departments))];
        const phenomenon = reached[0].phenomenon;
        const broadcast = await this.service.create(
            {
                level: 'verde',
                phenomenon,
                departments,
                text: say('alertCancelNotice', { phenomenon }),
                validUntil: new Date(this.clock.now() + 6 * 60 * 60 * 1000).toISOString()
            },
            { source: 'cap', by, id, cap: origin, awaitApproval: !this.settings.capAutoApprove }
        );
        return broadcast
            ? { outcome: 'cancelled', broadcastId: id, cancelled, notice: broadcast.state === 'awaiting_approval' ? 'awaiting_approval' : 'sending' }
            : { outcome: 'duplicate', broadcastId: id };
    }

    private async ignore(id: string, origin: CapOrigin, alert: CapAlert, info: CapInfo | undefined, reason: string): Promise<CapOutcome> {
        this.logger.info({ broadcastId: id, identifier: alert.identifier, reason }, 'CAP alert not sent to the public');
        const created = await this.service.recordIgnored(ignoredBroadcast(id, origin, alert, info, reason, this.clock));
        return created ? { outcome: 'ignored', broadcastId: id, reason } : { outcome: 'duplicate', broadcastId: id };
    }
}

function ignoredBroadcast(id: string, origin: CapOrigin, alert: CapAlert, info: CapInfo | undefined, reason: string, clock: Clock): Broadcast {
    return {
        id,
        source: 'cap',
        level: 'verde',
        phenomenon: info?.event ?? '',
        departments: [],
        wholeProvince: false,
        text: info ? alertText(info) : '',
        validUntil: info ? validUntilOf(alert, info) : alert.sent,
        state: 'ignored',
        reason,
        createdAt: new Date(clock.now()).toISOString(),
        createdBy: `cap:${alert.sender}`,
        cap: origin
    };
}

/** The Spanish info block when there is one (the line speaks Spanish), else the first. */
function chooseInfo(alert: CapAlert): CapInfo | undefined {
    return alert.infos.find((info) => info.language.toLowerCase().startsWith('es')) ?? alert.infos[0];
}

function validUntilOf(alert: CapAlert, info: CapInfo): string {
    if (info.expires) return new Date(info.expires).toISOString();
    const start = Date.parse(info.onset ?? info.effective ?? alert.sent);
    return new Date(start + DEFAULT_VALIDITY_MS).toISOString();
}

/** Departments from the geometry; when an area has none, from the department names in areaDesc. */
function departmentsOf(info: CapInfo): string[] {
    const fromGeometry = departmentsTouched(info.areas);
    if (fromGeometry.length > 0) return fromGeometry;
    const hasGeometry = info.areas.some((area) => area.polygons.length > 0 || area.circles.length > 0);
    if (hasGeometry) return [];
    const named = info.areas.flatMap((area) => area.areaDesc.split(/[,;]|\s+y\s+/)).map((piece) => recognizeDepartment(piece.trim()));
    return [...new Set(named.filter((d) => d !== undefined).map((d) => d.id))];
}

function alertText(info: CapInfo): string {
    return [info.description ?? info.headline ?? info.event, info.instruction].filter(Boolean).join(' ').trim();
}
