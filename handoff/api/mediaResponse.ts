import { fileTypeFromBuffer } from 'file-type';

/**
 * What the browser may show in the console's page: raster images, and audio and video it plays. Everything else a
 * citizen sends (HTML, SVG, XHTML, PDF, office files, unknown bytes) is downloaded, never rendered in our origin.
 */
const SHOWN_INLINE: ReadonlySet<string> = new Set([
    'image/jpeg',
    'image/png',
    'image/webp',
    'image/gif',
    'audio/ogg',
    'audio/opus',
    'audio/mpeg',
    'audio/mp4',
    'audio/x-m4a',
    'audio/aac',
    'audio/wav',
    'audio/webm',
    'video/mp4',
    'video/webm'
]);

/** Headers every media answer carries, whatever the file. */
export const MEDIA_SECURITY_HEADERS: Readonly<Record<string, string>> = {
    // Even a file the browser renders runs nothing and loads nothing, in an opaque origin.
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    // A citizen's photo must not stay in a shared computer's cache after the operator logs out.
    'Cache-Control': 'private, no-store'
};

export interface MediaPresentation {
    contentType: string;
    contentDisposition: string;
}

/**
 * How to serve a stored file: its type comes from its bytes, never from what the sender (or Meta's answer)
 * announced, so a page called "image/jpeg" is still a page, and the same bytes are served the same way however
 * they were announced.
 */
export async function presentMedia(id: string, bytes: Buffer): Promise<MediaPresentation> {
    const sniffed = await fileTypeFromBuffer(bytes);
    const mime = sniffed?.mime.split(';')[0].trim().toLowerCase();
    if (mime && SHOWN_INLINE.has(mime)) return { contentType: mime, contentDisposition: 'inline' };
    const extension = sniffed && /^[a-z0-9]{1,8}$/.test(sniffed.ext) ? sniffed.ext : 'bin';
    return { contentType: 'application/octet-stream', contentDisposition: `attachment; filename="archivo-${id.slice(0, 12)}.${extension}"` };
}
