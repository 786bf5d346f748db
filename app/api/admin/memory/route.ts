import { listSharedMemory } from "@/lib/admin/memory";
import { withAdmin } from "@/lib/admin/with-admin";

export const dynamic = "force-dynamic";

/** GET /api/admin/memory — the shared agent's core memory blocks, read-only. */
export const GET = withAdmin(async () => Response.json(await listSharedMemory()));
