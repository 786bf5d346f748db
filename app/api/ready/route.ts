import { checkReadiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

/**
 * GET /api/ready — readiness for load balancers and orchestrators: 200 when this instance can serve chat
 * (Postgres and Letta answer, and it is not shutting down), 503 otherwise, with which check failed. Unlike
 * /api/health (liveness, no dependencies), an outage of a shared dependency makes every instance unready:
 * use it to hold traffic back from an instance that is starting or draining, not to restart instances.
 */
export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
