// A picked, pasted or dropped file → an image for the draft, or a message saying why not. Checked on its bytes
// (lib/validation/image-inspect.ts, as the server checks it again), decoded once to be sure it is really an image,
// and scaled down in a canvas when its longest side is over RESIZE_TO_SIDE or the file is over MAX_IMAGE_BYTES (a GIF
// becomes a still PNG then). A file up to MAX_INPUT_IMAGE_BYTES is taken in: the 5 MB limit holds for what is sent.
import type { ChatImage } from "@/lib/chat/types";
import { MAX_IMAGE_BYTES, MAX_INPUT_IMAGE_BYTES, RESIZE_TO_SIDE } from "@/lib/validation/image";
import { inspectImage, sniffImageType } from "@/lib/validation/image-inspect";
import type { Messages } from "@/lib/i18n";
import { en } from "@/lib/i18n/messages/en";

/** An image in the composer: what is sent (ChatImage), and what the thumbnail says about it. */
export type DraftImage = ChatImage & { id: string; name: string; width: number; height: number; bytes: number };

export type Prepared = { ok: true; image: DraftImage } | { ok: false; message: string };


function readAsBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

async function scaleDown(bitmap: ImageBitmap, type: string, width: number, height: number): Promise<Blob | null> {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return null;
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, type, 0.9));
}

/** The sides to try, largest first: the scaled size, then smaller until the encoding fits MAX_IMAGE_BYTES. */
function sidesToTry(longest: number, tooManyBytes: boolean): number[] {
  const first = Math.min(longest, RESIZE_TO_SIDE);
  if (!tooManyBytes && first === longest) return [];
  const sides = [first];
  // A noisy photo or a PNG screenshot can stay over the limit at 2,048 px: a few smaller tries, then give up.
  for (let side = Math.round(first * 0.7); side >= MIN_RETRY_SIDE && sides.length < 4; side = Math.round(side * 0.7)) sides.push(side);
  return sides;
}
const MIN_RETRY_SIDE = 512;

export async function prepareImage(file: File, m: Messages["chat"]["images"] = en.chat.images, locale = "en"): Promise<Prepared> {
  const name = file.name || m.pasted;
  // Before reading it: a file too big to be worth decoding (MAX_IMAGE_BYTES holds for what is sent, below).
  if (file.size > MAX_INPUT_IMAGE_BYTES) return { ok: false, message: m.tooLargeToScale(name, MAX_INPUT_IMAGE_BYTES, locale) };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = inspectImage(bytes, name, { maxBytes: MAX_INPUT_IMAGE_BYTES, m, locale });
  if (!check.ok) return check;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: check.mediaType }));
  } catch {
    return { ok: false, message: m.damaged(name) };
  }
  try {
    const longest = Math.max(check.width, check.height);
    const sides = sidesToTry(longest, bytes.length > MAX_IMAGE_BYTES);
    if (!sides.length) {
      const data = await readAsBase64(new Blob([bytes], { type: check.mediaType }));
      return { ok: true, image: { id: crypto.randomUUID(), name, mediaType: check.mediaType, data, width: check.width, height: check.height, bytes: bytes.length } };
    }
    for (const side of sides) {
      const scale = side / longest;
      const width = Math.max(1, Math.round(check.width * scale));
      const height = Math.max(1, Math.round(check.height * scale));
      const blob = await scaleDown(bitmap, check.mediaType === "image/gif" ? "image/png" : check.mediaType, width, height);
      const scaled = blob ? new Uint8Array(await blob.arrayBuffer()) : null;
      const mediaType = scaled ? sniffImageType(scaled) : null;
      if (!blob || !scaled || !mediaType) return { ok: false, message: m.cannotScale(name) };
      if (scaled.length > MAX_IMAGE_BYTES) continue;
      const data = await readAsBase64(blob);
      return { ok: true, image: { id: crypto.randomUUID(), name, mediaType, data, width, height, bytes: scaled.length } };
    }
    return { ok: false, message: m.tooLargeScaled(name) };
  } finally {
    bitmap.close();
  }
}

/** The files of a paste or a drop (a drag of text has none). */
export function filesOf(transfer: DataTransfer | null): File[] {
  return transfer ? Array.from(transfer.files) : [];
}
