import "server-only";
import { AppError } from "@/lib/errors";
import type { ChatImage } from "@/lib/chat/types";
import { imageKind, isBase64, MAX_IMAGE_BASE64_CHARS, MAX_IMAGES } from "@/lib/validation/image";
import { inspectImage } from "@/lib/validation/image-inspect";

/**
 * The send route's second look at a message's images (the composer looked first, but the browser is not to be
 * trusted): each must be base64 of a PNG, JPEG, WebP or GIF by its bytes, of the type it claims, at most 5 MB, with
 * a header that decodes to at most 8,192 px a side, whole. The first failure is a readable 400; nothing reaches Letta.
 */
export function checkImages(images: readonly ChatImage[]): ChatImage[] {
  if (images.length > MAX_IMAGES) throw bad(`You can attach at most ${MAX_IMAGES} images to a message.`);
  return images.map((image, index) => {
    const name = images.length === 1 ? "The image" : `Image ${index + 1}`;
    if (image.data.length > MAX_IMAGE_BASE64_CHARS) throw bad(`${name} is larger than 5 MB.`);
    if (!isBase64(image.data)) throw bad(`${name} is not valid base64.`);
    const check = inspectImage(Buffer.from(image.data, "base64"), name);
    if (!check.ok) throw bad(check.message);
    if (check.mediaType !== image.mediaType) {
      throw bad(`${name} is a ${imageKind(check.mediaType)} image but was sent as ${imageKind(image.mediaType)}.`);
    }
    return { mediaType: image.mediaType, data: image.data };
  });
}

const bad = (message: string) => new AppError("bad_request:message", message);
