import { badRequest, unprocessable } from "../http/errors";
import { cleanBase64 } from "../model/images";

/**
 * A user message's content as Letta stores it (letta/helpers/message_helper.py): text parts as TextContent, images
 * as ImageContent with a base64 source. A `data:` URL becomes base64 as it does in Letta; an http(s) URL stays a
 * URL, because letta-local never fetches anything (Letta would download it). Other part types are kept as sent.
 */
export function normalizeUserContent(content: unknown): unknown {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) throw unprocessable("'content' must be a string or a list of content parts");
  // Letta raises ValueError here, which it answers 400.
  if (content.length === 0) throw badRequest("Message content is empty or invalid");
  return content.map((part, index) => {
    if (!part || typeof part !== "object" || Array.isArray(part)) throw unprocessable(`content[${index}] must be an object`);
    const item = part as Record<string, unknown>;
    if (item.type === "image") return { type: "image", source: imageSource(item.source, index) };
    if (item.type === "text" || (item.type === undefined && "text" in item)) {
      if (typeof item.text !== "string") throw unprocessable(`content[${index}].text must be a string`);
      return { type: "text", text: item.text, signature: typeof item.signature === "string" ? item.signature : null };
    }
    return item;
  });
}

const detailOf = (source: Record<string, unknown>) => (typeof source.detail === "string" ? source.detail : null);

function base64Source(mediaType: unknown, data: unknown, detail: string | null, index: number): Record<string, unknown> {
  if (typeof mediaType !== "string" || !mediaType) throw unprocessable(`content[${index}].source.media_type is required`);
  if (typeof data !== "string" || !data) throw unprocessable(`content[${index}].source.data is required`);
  if (cleanBase64(data) === null) throw badRequest(`INVALID_ARGUMENT: content[${index}].source.data is not valid base64`);
  return { type: "base64", media_type: mediaType, data, detail };
}

function imageSource(raw: unknown, index: number): Record<string, unknown> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw unprocessable(`content[${index}].source must be an object`);
  const source = raw as Record<string, unknown>;
  const type = source.type ?? ("url" in source ? "url" : "file_id" in source ? "letta" : "base64");
  if (type === "base64") return base64Source(source.media_type, source.data, detailOf(source), index);
  if (type === "letta") {
    if (typeof source.file_id !== "string") throw unprocessable(`content[${index}].source.file_id is required`);
    return { type: "letta", file_id: source.file_id, media_type: source.media_type ?? null, data: source.data ?? null, detail: detailOf(source) };
  }
  if (type !== "url") throw unprocessable(`content[${index}].source.type must be base64, url or letta`);
  if (typeof source.url !== "string") throw unprocessable(`content[${index}].source.url is required`);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source.url)?.[1]?.toLowerCase();
  if (scheme === "data") {
    const match = /^data:([^;,]*)(?:;[^,]*)?,(.*)$/s.exec(source.url);
    if (!match) throw badRequest("INVALID_ARGUMENT: Invalid data URL format");
    return base64Source(match[1] || "image/jpeg", match[2], detailOf(source), index);
  }
  if (scheme !== "http" && scheme !== "https") {
    throw badRequest(
      `INVALID_ARGUMENT: Unsupported image URL scheme '${scheme ?? "<missing>"}'. Only 'http', 'https', and 'data' image URLs are supported.`,
    );
  }
  return { type: "url", url: source.url };
}
