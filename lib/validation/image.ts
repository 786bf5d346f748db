// Images in messages: what is accepted. Pure and isomorphic, and light (the history parser, which the browser
// bundles, uses it): the byte-level check is lib/validation/image-inspect.ts.

export const IMAGE_MEDIA_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

/** At most this many images in one message. */
export const MAX_IMAGES = 4;
/** At most this many bytes per image (decoded). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/**
 * The largest file the composer takes in to scale down (a phone photo of 9 MB is scaled, then MAX_IMAGE_BYTES holds
 * for what is sent). With MAX_IMAGE_SIDE it bounds what decoding a file costs the browser (a decompression bomb).
 */
export const MAX_INPUT_IMAGE_BYTES = 25 * 1024 * 1024;
/** Base64 of MAX_IMAGE_BYTES. */
export const MAX_IMAGE_BASE64_CHARS = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;
/** Longest side the server accepts; a header claiming more is refused before anything decodes it. */
export const MAX_IMAGE_SIDE = 8192;
/** The composer scales an image down to this longest side before sending. */
export const RESIZE_TO_SIDE = 2048;

const LABEL: Record<ImageMediaType, string> = { "image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP", "image/gif": "GIF" };
export const imageKind = (type: ImageMediaType): string => LABEL[type];

export const IMAGE_LIMITS_TEXT = `PNG, JPEG, WebP or GIF, up to ${MAX_IMAGES} images of at most 5 MB each`;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict standard base64 (no whitespace, no URL-safe alphabet), as Letta and the browser produce it. */
export function isBase64(data: string): boolean {
  return data.length % 4 === 0 && BASE64.test(data);
}

export function isImageMediaType(value: unknown): value is ImageMediaType {
  return typeof value === "string" && (IMAGE_MEDIA_TYPES as readonly string[]).includes(value);
}
