/**
 * Width and height from an image's header (PNG, GIF, WebP, JPEG), or null when the header does not give them.
 * Only the header is read: nothing here decodes pixels.
 */
export function imageDimensions(bytes: Buffer): { width: number; height: number } | null {
  const at = (from: number, to: number) => bytes.subarray(from, to).toString("latin1");
  if (bytes.length >= 24 && bytes[0] === 0x89 && at(1, 4) === "PNG" && at(12, 16) === "IHDR") {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && at(0, 3) === "GIF") return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  if (bytes.length >= 30 && at(0, 4) === "RIFF" && at(8, 12) === "WEBP") return webp(bytes, at(12, 16));
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpeg(bytes);
  return null;
}

function webp(bytes: Buffer, chunk: string): { width: number; height: number } | null {
  if (chunk === "VP8 ") return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === "VP8L" && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  return null;
}

/** Walks the JPEG's marker segments to the first start-of-frame, which holds the size. */
function jpeg(bytes: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { width: bytes.readUInt16BE(i + 7), height: bytes.readUInt16BE(i + 5) };
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) i += 2;
    else i += 2 + bytes.readUInt16BE(i + 2);
  }
  return null;
}
