// An image file checked on its bytes, never on a file name or a declared type. Pure and isomorphic: the composer
// checks a picked file with it before sending, the send route (lib/chat/images.ts) checks again.
import { imageSize } from "image-size";
import type { Messages } from "@/lib/i18n";
import { en } from "@/lib/i18n/messages/en";
import { MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, type ImageMediaType } from "./image";

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The format from the file's first bytes; null for anything else (an executable, a PDF, an SVG, a BMP…). */
export function sniffImageType(bytes: Uint8Array): ImageMediaType | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 8) === "PNG\r\n\x1a\n") return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a")) return "image/gif";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "image/webp";
  return null;
}

/** Index past the last byte that is not zero padding. */
function contentEnd(bytes: Uint8Array): number {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return end;
}

/** Whether the file ends as its format says a whole file ends (a truncated upload or a cut-off copy does not). */
function isComplete(type: ImageMediaType, bytes: Uint8Array): boolean {
  switch (type) {
    case "image/png": // …IEND chunk and its fixed CRC
      return bytes.length >= 20 && ascii(bytes, bytes.length - 8, bytes.length - 4) === "IEND";
    case "image/jpeg": { // end-of-image marker
      const end = contentEnd(bytes);
      return end >= 4 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
    }
    case "image/gif": // trailer byte
      return bytes[contentEnd(bytes) - 1] === 0x3b;
    case "image/webp": { // the RIFF length covers the file
      const riff = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
      return riff >= 4 && riff + 8 <= bytes.length;
    }
  }
}

export type ImageInfo = { mediaType: ImageMediaType; width: number; height: number; bytes: number };
export type ImageCheck = ({ ok: true } & ImageInfo) | { ok: false; message: string };

const SIZE_TYPE: Record<ImageMediaType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif" };

type InspectOptions = {
  /** The byte limit: MAX_IMAGE_BYTES for what is sent; the composer passes its larger cap for a file it will scale. */
  maxBytes?: number;
  /** The wording (the reader's language in the composer; the server's 400s are in English). */
  m?: Messages["chat"]["images"];
  locale?: string;
};

/**
 * Checks an image file's bytes: a format we accept (by its magic bytes), at most `maxBytes`, a header that
 * decodes to sane dimensions (at most MAX_IMAGE_SIDE a side, which also bounds what decoding it costs) and a file
 * that ends where its format says. `name` starts each message ("photo.png" or "Image 2").
 */
export function inspectImage(bytes: Uint8Array, name: string, options: InspectOptions = {}): ImageCheck {
  const { maxBytes = MAX_IMAGE_BYTES, m = en.chat.images, locale = "en" } = options;
  const type = sniffImageType(bytes);
  if (!type) return { ok: false, message: m.notImage(name) };
  if (bytes.length > maxBytes) return { ok: false, message: maxBytes === MAX_IMAGE_BYTES ? m.tooLarge(name) : m.tooLargeToScale(name, maxBytes, locale) };
  let width = 0;
  let height = 0;
  try {
    const size = imageSize(bytes);
    if (size.type !== SIZE_TYPE[type]) throw new Error("format mismatch");
    width = size.width;
    height = size.height;
  } catch {
    return { ok: false, message: m.damaged(name) };
  }
  if (!(width >= 1 && height >= 1) || !isComplete(type, bytes)) {
    return { ok: false, message: m.incomplete(name) };
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    return { ok: false, message: m.tooManyPixels(name, width, height, MAX_IMAGE_SIDE, locale) };
  }
  return { ok: true, mediaType: type, width, height, bytes: bytes.length };
}
