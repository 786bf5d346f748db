// A picked, pasted or dropped file → an image for the draft, or a message saying why not. Checked on its bytes
// (lib/validation/image-inspect.ts, as the server checks it again), decoded once to be sure it is really an image,
// and scaled down in a canvas when its longest side is over RESIZE_TO_SIDE (a GIF becomes a still PNG then).
import type { ChatImage } from "@/lib/chat/types";
import { MAX_IMAGE_BYTES, RESIZE_TO_SIDE } from "@/lib/validation/image";
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

export async function prepareImage(file: File, m: Messages["chat"]["images"] = en.chat.images): Promise<Prepared> {
  const name = file.name || m.pasted;
  // Before reading it: the limit holds for the file as picked.
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, message: m.tooLarge(name) };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = inspectImage(bytes, name);
  if (!check.ok) return check;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: check.mediaType }));
  } catch {
    return { ok: false, message: m.damaged(name) };
  }
  try {
    const longest = Math.max(check.width, check.height);
    if (longest <= RESIZE_TO_SIDE) {
      const data = await readAsBase64(new Blob([bytes], { type: check.mediaType }));
      return { ok: true, image: { id: crypto.randomUUID(), name, mediaType: check.mediaType, data, width: check.width, height: check.height, bytes: bytes.length } };
    }
    const scale = RESIZE_TO_SIDE / longest;
    const width = Math.max(1, Math.round(check.width * scale));
    const height = Math.max(1, Math.round(check.height * scale));
    const blob = await scaleDown(bitmap, check.mediaType === "image/gif" ? "image/png" : check.mediaType, width, height);
    const scaled = blob ? new Uint8Array(await blob.arrayBuffer()) : null;
    const mediaType = scaled ? sniffImageType(scaled) : null;
    if (!blob || !scaled || !mediaType) return { ok: false, message: m.cannotScale(name) };
    if (scaled.length > MAX_IMAGE_BYTES) return { ok: false, message: m.tooLargeScaled(name) };
    const data = await readAsBase64(blob);
    return { ok: true, image: { id: crypto.randomUUID(), name, mediaType, data, width, height, bytes: scaled.length } };
  } finally {
    bitmap.close();
  }
}

/** The files of a paste or a drop (a drag of text has none). */
export function filesOf(transfer: DataTransfer | null): File[] {
  return transfer ? Array.from(transfer.files) : [];
}
