import { AppError } from "@/lib/errors";
import { currentRequestId } from "@/lib/server/request-id";

export const dynamic = "force-dynamic";

/** Any /api path that is not a route: our JSON 404, not the HTML not-found page. */
function notFound(): Response {
  return new AppError("not_found:api", "There is no such API route.").toResponse({ headers: { "cache-control": "no-store" } }, currentRequestId());
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
