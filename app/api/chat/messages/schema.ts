import { z } from "zod";
import { HISTORY_PAGE_SIZE, MESSAGE_MAX_CHARS } from "@/lib/chat/types";
import { IMAGE_MEDIA_TYPES, MAX_IMAGE_BASE64_CHARS, MAX_IMAGES } from "@/lib/validation/image";
import { isStorableText, UNSTORABLE_TEXT } from "@/lib/validation/text";

/** Shapes only: the bytes of each image are checked by lib/chat/images.ts. */
const imageSchema = z.object({
  mediaType: z.enum(IMAGE_MEDIA_TYPES, { error: "Images must be PNG, JPEG, WebP or GIF." }),
  data: z.string({ error: "An image must be base64 data." }).min(1, "An image is empty.").max(MAX_IMAGE_BASE64_CHARS, "Images can be at most 5 MB each."),
});

export const postMessageSchema = z
  .object({
    text: z
      .string({ error: "Write a message first." })
      .max(MESSAGE_MAX_CHARS, `Messages can be at most ${MESSAGE_MAX_CHARS.toLocaleString("en")} characters.`)
      .refine(isStorableText, `Your message ${UNSTORABLE_TEXT}`),
    /** Up to MAX_IMAGES images, sent to Letta as image content parts; with them the text may be empty. */
    images: z.array(imageSchema, { error: "images must be a list." }).max(MAX_IMAGES, `You can attach at most ${MAX_IMAGES} images to a message.`).default([]),
    /** The client's id for this message: a retry with the same otid re-attaches instead of sending twice. */
    otid: z.uuid({ error: "otid must be a UUID." }),
  })
  .refine((body) => body.images.length > 0 || body.text.trim().length > 0, { message: "Write a message first.", path: ["text"] });
export type PostMessageBody = z.infer<typeof postMessageSchema>;

/**
 * The send's body limit: four images at the most (base64) and the text, with room for JSON. Every other JSON body
 * stays at readJson's 64 KB.
 */
export const MAX_SEND_BYTES = MAX_IMAGES * MAX_IMAGE_BASE64_CHARS + 256 * 1024;

export const historyQuerySchema = z.object({
  before: z.string().regex(/^message-[0-9a-f-]{36}$/, "before must be a message id.").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(HISTORY_PAGE_SIZE),
});
