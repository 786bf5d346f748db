import { getAgentDrift } from "@/lib/admin/agent-drift";
import { listSharedMemory } from "@/lib/admin/memory";
import { withAdmin } from "@/lib/api/with-admin";

export const dynamic = "force-dynamic";

/** GET /api/admin/memory — the shared agent's core memory blocks, read-only, and its drift from agent.yaml. */
export const GET = withAdmin(async () => {
  const memory = await listSharedMemory();
  return Response.json({ ...memory, drift: await getAgentDrift() });
});
