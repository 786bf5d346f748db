import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Cross-site request forgery, refused at the door of every state-changing API route. The session cookie is
// SameSite=Lax, which already keeps it off cross-site POSTs in current browsers; this is the second lock:
// a browser names where a request comes from (`Sec-Fetch-Site`, else `Origin`), and only our own origin may
// change anything. Clients that send neither (curl, server-to-server) are not browsers and carry no ambient
// cookie by accident. A JSON route also insists on the JSON content type, which a plain HTML form cannot send.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Our public origin: AUTH_URL when set, else the host the request was addressed to (as a proxy forwards it). */
function expectedOrigin(headers: Headers): string | null {
  const configured = env().AUTH_URL;
  if (configured) return new URL(configured).origin;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return null;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}

function sameHost(origin: string, expected: string): boolean {
  try {
    // The host must match; the scheme may differ behind a TLS-terminating proxy that does not forward it.
    return new URL(origin).host === new URL(expected).host;
  } catch {
    return false;
  }
}

export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("forbidden:api", "Requests from other sites are not allowed.");
  }
  const origin = req.headers.get("origin");
  if (origin === null) return;
  const expected = expectedOrigin(req.headers);
  if (origin === "null" || !expected || !sameHost(origin, expected)) {
    throw new AppError("forbidden:api", "Requests from other sites are not allowed.");
  }
}

/** A request with a body must say it is JSON; an empty body (a bare POST) has nothing to declare. */
export function assertJsonBody(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const length = req.headers.get("content-length");
  const hasBody = (length !== null && length !== "0") || req.headers.has("transfer-encoding");
  if (!hasBody) return;
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new AppError("unsupported:api", "Send the request body as JSON (Content-Type: application/json).");
  }
}
