import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, unprocessable } from "./errors";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, { detail: error.detail, ...error.extra });
}

/** Reads a JSON body; an empty body is `undefined`. Invalid JSON or an oversized body is a 422. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "Request body too large");
    chunks.push(buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw unprocessable("Invalid JSON body");
  }
}

/** The body as an object; `null`/absent become `{}`, anything else is a 422. */
export function asObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) throw unprocessable("Request body must be a JSON object");
  return body as Record<string, unknown>;
}

export class Query {
  constructor(private readonly params: URLSearchParams) {}

  string(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === "" ? undefined : value;
  }

  list(name: string): string[] {
    return this.params.getAll(name).flatMap((value) => value.split(",")).filter(Boolean);
  }

  int(name: string, fallback: number, { min = 0, max = 10_000 } = {}): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw unprocessable(`Query parameter '${name}' must be an integer between ${min} and ${max}`);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (raw === "true" || raw === "1") return true;
    if (raw === "false" || raw === "0") return false;
    throw unprocessable(`Query parameter '${name}' must be a boolean`);
  }

  order(fallback: "asc" | "desc"): "asc" | "desc" {
    const raw = this.string("order");
    if (raw === undefined) return fallback;
    if (raw !== "asc" && raw !== "desc") throw unprocessable("Query parameter 'order' must be 'asc' or 'desc'");
    return raw;
  }
}
