import { withAdmin } from "@/lib/api/with-admin";
import { usersQuerySchema, searchParamsObject } from "@/lib/admin/schemas";
import { userJson, usersPage } from "@/lib/admin/users";

export const dynamic = "force-dynamic";

/** GET /api/admin/users?q=&sort=activity|joined&cursor=&limit= — one keyset page of users. */
export const GET = withAdmin(async ({ req }) => {
  const query = usersQuerySchema.parse(searchParamsObject(new URL(req.url).searchParams));
  const page = await usersPage(query);
  return Response.json({ users: page.users.map(userJson), nextCursor: page.nextCursor });
});
