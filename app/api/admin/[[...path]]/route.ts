import { withAdmin } from "@/lib/api/with-admin";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Any other /api/admin/* path answers exactly like the real admin routes do to
 * someone who may not use them (401 signed out, 404 `not_found:api` otherwise),
 * so probing the admin API reveals nothing about which routes exist.
 */
const notFound = withAdmin(async () => {
  throw new AppError("not_found:api", "Not found.");
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
