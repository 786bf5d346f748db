// Bench users: created directly in Postgres (as e2e/helpers/db.ts does), then signed in over HTTP exactly as
// the browser's form post does it (GET /api/auth/csrf, POST /api/auth/callback/credentials → session cookie).
// Many users, because the product's per-user send limit (20/min, lib/db/rate-limits.ts) stays ON: it is part of
// the path a real send takes, so the bench measures it instead of switching it off.
import { randomUUID } from "node:crypto";
import Letta from "@letta-ai/letta-client";
import { hash } from "@node-rs/argon2";
import { inPool } from "./stats.mjs";

export const PASSWORD = "bench-password-9";

/**
 * argon2id with a small cost. Verification reads the cost from the stored hash, so sign-in runs the product's
 * code but cheaply: 2,000 sign-ins at the product's 19 MiB cost would take minutes of server CPU on 2 cores
 * before the first measurement. Sign-in itself is not one of the benchmarks.
 */
const BENCH_HASH_OPTIONS = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** Inserts `count` users in one statement; returns [{ id, email }]. */
export async function createUsers(pool, count) {
  const passwordHash = await hash(PASSWORD, BENCH_HASH_OPTIONS);
  const run = randomUUID().slice(0, 8);
  const users = Array.from({ length: count }, (_, i) => ({
    id: `bench_${run}_${i}`, email: `bench-${run}-${i}@bench.invalid`,
  }));
  await pool.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, disabled, "createdAt", "updatedAt")
     SELECT id, email, 'Bench', $3, 'USER'::"Role", false, now(), now() FROM unnest($1::text[], $2::text[]) AS t(id, email)`,
    [users.map((u) => u.id), users.map((u) => u.email), passwordHash],
  );
  return users;
}

/** name=value pairs from Set-Cookie; a later cookie of the same name wins, as in a browser (the proxy and the route may both set one). */
function cookiesOf(response) {
  const jar = new Map();
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0];
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  return [...jar.values()];
}

/** The Auth.js credentials flow over HTTP; resolves the Cookie header a signed-in browser would send. */
export async function signIn(baseUrl, email) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const jar = cookiesOf(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: "/" }),
  });
  await response.body?.cancel();
  const session = cookiesOf(response).find((c) => c.startsWith("authjs.session-token="));
  const location = response.headers.get("location") ?? "";
  if (response.status !== 302 || !session || location.includes("error")) {
    throw new Error(`sign-in failed for ${email}: ${response.status} ${location}`);
  }
  return session;
}

/**
 * Signs every user in over HTTP and gives each one Letta conversation. The first user opens the chat through the
 * product (GET /api/chat/messages creates the conversation, as opening the page does); the others' conversations
 * are created directly (the same SDK call lib/chat/conversation.ts makes, plus the app's mapping row), because
 * 2,000 first page loads would add about a minute of set-up on 2 cores and none of it is measured.
 */
export async function prepareUsers({ baseUrl, lettaUrl, pool, users, concurrency = 16 }) {
  await inPool(users, concurrency, async (user) => {
    user.cookie = await signIn(baseUrl, user.email);
  });
  const response = await fetch(`${baseUrl}/api/chat/messages`, { headers: { cookie: users[0].cookie } });
  if (!response.ok) throw new Error(`opening the chat failed: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
  const { rows } = await pool.query(`SELECT "lettaConversationId", "agentId" FROM "Conversation" WHERE "userId" = $1`, [users[0].id]);
  users[0].conversationId = rows[0].lettaConversationId;
  const agentId = rows[0].agentId;
  const letta = new Letta({ baseURL: lettaUrl, apiKey: null, maxRetries: 2 });
  const rest = users.slice(1);
  await inPool(rest, concurrency, async (user) => {
    user.conversationId = (await letta.conversations.create({ agent_id: agentId })).id;
  });
  await pool.query(
    `INSERT INTO "Conversation" (id, "userId", "lettaConversationId", "agentId", "messageCount", "createdAt", "updatedAt")
     SELECT 'conv_' || u, u, c, $3, 0, now(), now() FROM unnest($1::text[], $2::text[]) AS t(u, c)`,
    [rest.map((u) => u.id), rest.map((u) => u.conversationId), agentId],
  );
  return users;
}
