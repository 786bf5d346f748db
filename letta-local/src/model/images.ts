import { imageDimensions } from "./image-dimensions";

/** What the offline model can tell about an image part without a vision model: its kind and its size. */
export interface ImageInfo {
  /** PNG, JPEG, GIF, WEBP… from the bytes when they are known, else from the declared media type. */
  kind: string;
  /** Decoded size; null for an image given by URL (letta-local never fetches it). */
  bytes: number | null;
  url: string | null;
  /** From the image's header, when it decodes to believable dimensions; else null. */
  width?: number | null;
  height?: number | null;
}

/** A header claiming more than this a side is not believed (nothing decodes the pixels here). */
const MAX_BELIEVED_SIDE = 100_000;

function dimensions(compact: string): { width: number; height: number } | null {
  const size = imageDimensions(Buffer.from(compact, "base64"));
  if (!size) return null;
  const { width, height } = size;
  return width >= 1 && height >= 1 && width <= MAX_BELIEVED_SIDE && height <= MAX_BELIEVED_SIDE ? size : null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard (or URL-safe) base64 without whitespace, or null when the text is not base64. */
export function cleanBase64(data: string): string | null {
  const compact = data.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
  return compact.length % 4 !== 1 && BASE64.test(compact) ? compact : null;
}

export function base64Bytes(compact: string): number {
  const padding = compact.endsWith("==") ? 2 : compact.endsWith("=") ? 1 : 0;
  return Math.floor((compact.length * 3) / 4) - padding;
}

/** The format from the file's magic bytes (only the first few are decoded). */
function sniffKind(compact: string): string | null {
  const head = Buffer.from(compact.slice(0, 24), "base64");
  const ascii = (from: number, to: number) => head.subarray(from, to).toString("latin1");
  if (head[0] === 0x89 && ascii(1, 4) === "PNG") return "PNG";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "JPEG";
  if (ascii(0, 4) === "GIF8") return "GIF";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "WEBP";
  if (ascii(0, 2) === "BM") return "BMP";
  return null;
}

function kindFromMediaType(mediaType: unknown): string | null {
  if (typeof mediaType !== "string") return null;
  const subtype = mediaType.split("/")[1]?.split(/[+;]/)[0];
  return subtype ? (subtype === "jpg" ? "JPEG" : subtype.toUpperCase()) : null;
}

function kindFromUrl(url: string): string | null {
  const extension = /\.([a-z0-9]{3,4})(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return extension ? kindFromMediaType(`image/${extension}`) : null;
}

/** Describes a stored (normalised) image source; null for something that is not one. */
export function describeImage(source: unknown): ImageInfo | null {
  if (!source || typeof source !== "object") return null;
  const s = source as { type?: unknown; data?: unknown; media_type?: unknown; url?: unknown };
  if (typeof s.data === "string") {
    const compact = cleanBase64(s.data) ?? "";
    const size = dimensions(compact);
    return {
      kind: sniffKind(compact) ?? kindFromMediaType(s.media_type) ?? "image", bytes: base64Bytes(compact), url: null,
      width: size?.width ?? null, height: size?.height ?? null,
    };
  }
  if (typeof s.url === "string") return { kind: kindFromUrl(s.url) ?? "image", bytes: null, url: s.url };
  return { kind: kindFromMediaType(s.media_type) ?? "image", bytes: null, url: null };
}

/** `12.3 KB` (1 KB = 1,024 bytes, one decimal), `1.4 MB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * "I see 1 image: PNG, 800×600, 12.3 KB." (dimensions when the header gives them) /
 * "I see 2 images: PNG, 12.3 KB; JPEG from https://…, not fetched offline."
 */
export function acknowledgeImages(images: ImageInfo[]): string {
  const each = images.map((image) =>
    image.bytes !== null
      ? `${image.kind}, ${image.width && image.height ? `${image.width}×${image.height}, ` : ""}${formatBytes(image.bytes)}` : image.url ? `${image.kind} from ${image.url} (not fetched offline)` : image.kind,
  );
  return `I see ${images.length} image${images.length === 1 ? "" : "s"}: ${each.join("; ")}.`;
}
