// A failed API call, worded from the catalogue by its error code's type (lib/errors.ts): the kinds a user can do
// nothing about but wait or retry read alike everywhere, in the reader's language. A refusal of the request itself
// (bad_request, conflict, not_found…) keeps the server's message, which names what was wrong; views that know a
// code better (the delete-account form) word it themselves.
import { withRef, type ApiError } from "@/lib/api/client/request";
import type { Messages } from "./index";

/** The words for a failed call, with the request's "(ref …)" as the server's message carries it. */
export function apiErrorText(error: ApiError, m: Messages["common"]["errors"]): string {
  const worded = catalogueText(error, m);
  return worded === null ? error.message : withRef(worded, error.requestId);
}

function catalogueText(error: ApiError, m: Messages["common"]["errors"]): string | null {
  if (error.status === 0) return m.network;
  switch (error.type) {
    case "offline":
      return m.offline;
    case "rate_limit":
      return m.rateLimit;
    case "internal":
      return m.internal;
    case "unauthorized":
      return m.signedOut;
    default:
      return null;
  }
}
