// Image files for tests: real encoder output (Chromium's canvas, committed under tests/fixtures/images) and the
// bad files the issue lists, made from them.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../fixtures/images/", import.meta.url));
const read = (name: string) => readFileSync(`${dir}${name}`);

export const goodImages = {
  png: { bytes: read("shapes-800x600.png"), mediaType: "image/png", width: 800, height: 600, name: "shapes-800x600.png" },
  jpeg: { bytes: read("gradient-640x480.jpg"), mediaType: "image/jpeg", width: 640, height: 480, name: "gradient-640x480.jpg" },
  webp: { bytes: read("gradient-320x240.webp"), mediaType: "image/webp", width: 320, height: 240, name: "gradient-320x240.webp" },
  gif: { bytes: read("dot-40x30.gif"), mediaType: "image/gif", width: 40, height: 30, name: "dot-40x30.gif" },
} as const;

/** A real PNG whose header claims another width (the CRC is not fixed: nothing but a decoder would notice). */
export function pngClaiming(width: number, height: number): Buffer {
  const bytes = Buffer.from(goodImages.png.bytes);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

/** A PNG padded past 5 MB (still a PNG by its first bytes). */
export const oversizePng = (): Buffer => Buffer.concat([goodImages.png.bytes, Buffer.alloc(5 * 1024 * 1024)]);

/** The first half of a real PNG: a cut-off upload. */
export const truncatedPng = (): Buffer => goodImages.png.bytes.subarray(0, Math.floor(goodImages.png.bytes.length / 2));

/** A PNG signature followed by noise: no IHDR to read. */
export const garbagePng = (): Buffer => Buffer.concat([goodImages.png.bytes.subarray(0, 8), Buffer.from("this is not an image header at all, just text")]);

/** A Linux executable's first bytes (what someone renames to photo.png). */
export const elfExecutable = (): Buffer =>
  Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0x90)]);

/** A Windows executable's first bytes. */
export const windowsExecutable = (): Buffer => Buffer.concat([Buffer.from("MZ"), Buffer.alloc(126, 0)]);

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
