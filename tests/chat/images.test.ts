import { describe, expect, it } from "vitest";
import { postMessageSchema } from "@/app/api/chat/messages/schema";
import { checkImages } from "@/lib/chat/images";
import { AppError } from "@/lib/errors";
import { contentImages, toChatItem } from "@/lib/letta/wire";
import { inspectImage, sniffImageType } from "@/lib/validation/image-inspect";
import {
  base64, elfExecutable, garbagePng, goodImages, oversizePng, pngClaiming, truncatedPng, windowsExecutable,
} from "../helpers/images";

const otid = "6f1c2a1e-8d7b-4c3a-9e2f-0a1b2c3d4e5f";
const refusal = (fn: () => unknown): { status: number; message: string } => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
};

describe("inspectImage (the composer's check and the server's)", () => {
  it.each(Object.entries(goodImages))("accepts a real %s by its bytes, with its dimensions", (_, image) => {
    expect(inspectImage(image.bytes, image.name)).toEqual({
      ok: true, mediaType: image.mediaType, width: image.width, height: image.height, bytes: image.bytes.length,
    });
  });

  it("goes by the bytes, not the name: an executable renamed .png is not an image", () => {
    expect(sniffImageType(elfExecutable())).toBeNull();
    expect(inspectImage(elfExecutable(), "photo.png")).toEqual({ ok: false, message: "photo.png is not a PNG, JPEG, WebP or GIF image." });
    expect(inspectImage(windowsExecutable(), "cat.jpg")).toEqual({ ok: false, message: "cat.jpg is not a PNG, JPEG, WebP or GIF image." });
    expect(inspectImage(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"), "x.svg").ok).toBe(false);
  });

  it("refuses more than 5 MB, corrupt and cut-off files, and huge claimed dimensions", () => {
    expect(inspectImage(oversizePng(), "big.png")).toEqual({ ok: false, message: "big.png is larger than 5 MB." });
    expect(inspectImage(truncatedPng(), "half.png")).toEqual({ ok: false, message: "half.png could not be read: the file is damaged or incomplete." });
    expect(inspectImage(garbagePng(), "noise.png")).toEqual({ ok: false, message: "noise.png could not be read: the file is damaged." });
    expect(inspectImage(goodImages.jpeg.bytes.subarray(0, 2000), "cut.jpg").ok).toBe(false);
    expect(inspectImage(goodImages.webp.bytes.subarray(0, 1000), "cut.webp").ok).toBe(false);
    expect(inspectImage(goodImages.gif.bytes.subarray(0, 30), "cut.gif").ok).toBe(false);
    expect(inspectImage(pngClaiming(50_000, 1), "tiny.png")).toEqual({
      ok: false, message: "tiny.png is too large (50,000 × 1 px); images can be at most 8,192 px on a side.",
    });
    expect(inspectImage(pngClaiming(0, 10), "zero.png").ok).toBe(false);
    expect(inspectImage(pngClaiming(8192, 8192), "edge.png").ok).toBe(true);
  });
});

describe("the send route's body: schema, then checkImages on the bytes", () => {
  const body = (images: Array<{ mediaType: string; data: string }>, text = "") => postMessageSchema.parse({ text, otid, images });

  it("takes a text-only message as before, an image alone, and up to four images of each type", () => {
    expect(postMessageSchema.parse({ text: "hi", otid })).toEqual({ text: "hi", otid, images: [] });
    const images = Object.values(goodImages).map((image) => ({ mediaType: image.mediaType, data: base64(image.bytes) }));
    expect(checkImages(body(images).images)).toEqual(images);
    expect(checkImages(body(images.slice(0, 1)).images)).toEqual(images.slice(0, 1));
  });

  it("refuses an empty message, a fifth image, an unknown type and oversize data with readable messages", () => {
    expect(() => postMessageSchema.parse({ text: "  ", otid, images: [] })).toThrow("Write a message first.");
    const png = { mediaType: "image/png" as const, data: base64(goodImages.png.bytes) };
    expect(() => body([png, png, png, png, png])).toThrow("You can attach at most 4 images to a message.");
    expect(() => body([{ mediaType: "image/svg+xml", data: png.data }])).toThrow("Images must be PNG, JPEG, WebP or GIF.");
    expect(() => body([{ mediaType: "image/png", data: base64(oversizePng()) }])).toThrow("Images can be at most 5 MB each.");
    expect(refusal(() => checkImages([png, png, png, png, png]))).toEqual({ status: 400, message: "You can attach at most 4 images to a message." });
  });

  it("refuses disguised, corrupt, lying and non-base64 images: 400, with the image named", () => {
    const send = (...images: Array<{ mediaType: "image/png" | "image/jpeg"; data: string }>) => refusal(() => checkImages(images));
    expect(send({ mediaType: "image/png", data: base64(elfExecutable()) })).toEqual({ status: 400, message: "The image is not a PNG, JPEG, WebP or GIF image." });
    expect(send({ mediaType: "image/png", data: base64(goodImages.png.bytes) }, { mediaType: "image/png", data: base64(truncatedPng()) }))
      .toEqual({ status: 400, message: "Image 2 could not be read: the file is damaged or incomplete." });
    expect(send({ mediaType: "image/png", data: base64(pngClaiming(50_000, 1)) }))
      .toEqual({ status: 400, message: "The image is too large (50,000 × 1 px); images can be at most 8,192 px on a side." });
    expect(send({ mediaType: "image/jpeg", data: base64(goodImages.png.bytes) }))
      .toEqual({ status: 400, message: "The image is a PNG image but was sent as JPEG." });
    expect(send({ mediaType: "image/png", data: "not base64!" })).toEqual({ status: 400, message: "The image is not valid base64." });
  });
});

describe("history: a user message's image parts", () => {
  const png = base64(goodImages.png.bytes);
  it("keeps base64 (and Letta's stored) images of the four types; drops URLs and anything that is not clean base64", () => {
    const content = [
      { type: "text", text: "look" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: png, detail: null } },
      { type: "image", source: { type: "letta", file_id: "file-1", media_type: "image/png", data: png } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
      { type: "image", source: { type: "base64", media_type: "image/svg+xml", data: png } },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "\"><script>" } },
    ];
    expect(contentImages(content)).toEqual([{ mediaType: "image/png", data: png }, { mediaType: "image/png", data: png }]);
    expect(toChatItem({ id: "message-1", message_type: "user_message", content })).toEqual({
      id: "message-1", otid: null, date: null, kind: "user", text: "look", images: [{ mediaType: "image/png", data: png }, { mediaType: "image/png", data: png }],
    });
  });

  it("a text-only message is the item it always was (no images key)", () => {
    expect(toChatItem({ id: "message-2", message_type: "user_message", content: "hello" })).toStrictEqual({ id: "message-2", otid: null, date: null, kind: "user", text: "hello" });
  });
});
