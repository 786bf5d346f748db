export const dynamic = "force-dynamic";

/**
 * GET /api/health — liveness for load balancers and uptime checks: answers while the process serves requests.
 * It checks no dependency on purpose (a database or Letta outage must not take every instance out of rotation;
 * the chat routes report those to the user), and reveals nothing. The benchmark uses it as the framework's floor:
 * what any Next route handler costs before Threadline does anything.
 */
export const GET = () => Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
