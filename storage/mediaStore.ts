/** A stored media file (a citizen's photo, a voice note), described without its bytes. */
export interface StoredMedia {
    /** Content address: the lowercase hex SHA-256 of the bytes. */
    id: string;
    mimeType: string;
    sha256: string;
    size: number;
    /** UTC ISO-8601. */
    createdAt: string;
}

export interface MediaMeta {
    mimeType: string;
    /** When the sender stated one (WhatsApp does), the bytes must match it. */
    sha256?: string;
    /** Where the bytes came from, for logs (e.g. a WhatsApp media id). */
    source?: string;
}

/**
 * Where media bytes live. Saving the same bytes twice yields the same id and stores them once.
 *
 * @example
 * const media = await mediaStore.save(bytes, { mimeType: 'image/jpeg', sha256: fromWhatsApp });
 * const again = await mediaStore.get(media.id);
 */
export interface MediaStore {
    save(bytes: Buffer, meta: MediaMeta): Promise<StoredMedia>;
    /** `undefined` when no media has this id. @throws Error when `id` is not a valid media id. */
    get(id: string): Promise<{ meta: StoredMedia; bytes: Buffer } | undefined>;
}

/** A media id is exactly a lowercase hex SHA-256: nothing else can name a file. */
export function isMediaId(id: unknown): id is string {
    return typeof id === 'string' && /^[0-9a-f]{64}$/.test(id);
}
