import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Any /api path that is not a route: our JSON 404, not the HTML not-found page. */
function notFound(): Response {
  return new AppError("not_found:api", "There is no such API route.").toResponse({ headers: { "cache-control": "no-store" } });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
