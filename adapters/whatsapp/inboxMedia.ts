import { Logger } from '../../common/logger';
import { MediaStore } from '../../storage';
import { MediaDownloadLimits, MediaKind } from './graphClient';
import { InboundMessage } from './types';

/** What fetching a citizen's media needs from the Graph client. */
export interface MediaDownloader {
    downloadMedia(mediaId: string, limits?: MediaDownloadLimits): Promise<{ bytes: Buffer; mimeType: string; sha256: string }>;
}

const MEDIA_KINDS: ReadonlySet<string> = new Set<MediaKind>(['image', 'audio', 'video', 'document', 'sticker']);

/** Where the operator console serves a stored media file. */
export function operatorMediaUrl(storedId: string): string {
    return `/api/operator/media/${storedId}`;
}

/**
 * Fetches the media of an inbound message into the line's own media store, at once (Meta's media id lives 7 days,
 * but an operator opening the case later must not depend on Meta), and answers the stored id.
 * Undefined when the message carries no media or the download failed (logged: the turn still runs, the bot
 * sees the attachment without local bytes).
 */
export async function fetchInboundMedia(
    message: InboundMessage,
    graph: MediaDownloader,
    mediaStore: MediaStore,
    logger: Logger
): Promise<string | undefined> {
    if (!MEDIA_KINDS.has(message.type)) return undefined;
    const payload = message.raw[message.type] as { id?: unknown; sha256?: unknown; animated?: unknown } | undefined;
    if (typeof payload?.id !== 'string') return undefined;
    try {
        const media = await graph.downloadMedia(payload.id, { kind: message.type as MediaKind, animated: payload.animated === true });
        const stored = await mediaStore.save(media.bytes, { mimeType: media.mimeType, sha256: media.sha256, source: `whatsapp:${payload.id}` });
        return stored.id;
    } catch (error) {
        logger.warn({ err: error, wamid: message.wamid, mediaId: payload.id }, 'fetchInboundMedia(): media not stored; the turn goes on without it');
        return undefined;
    }
}
