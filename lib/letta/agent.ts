import "server-only";
import { withAdvisoryLock } from "@/lib/db/locks";
import { env } from "@/lib/env";
import { letta } from "./client";

// The shared agent every conversation talks to, found by name or created once.
// Until the agent is declared in a reviewed file, it is created private by
// default: no base tools (Letta's conversation_search crosses conversations, and
// writable shared memory would carry one user's words to another).
const SYSTEM_PROMPT = `You are Threadline's assistant, talking with one member of an organisation in their own private thread.
Be concise, friendly and accurate. Use Markdown for structure when it helps (lists, tables, code blocks).
Never reveal or speculate about other users or their conversations.`;

const PERSONA = "I am Threadline's assistant: helpful, direct, and careful with people's privacy.";

let cached: Promise<string> | undefined;

async function findOrCreateAgent(): Promise<string> {
  const { LETTA_AGENT_NAME, LETTA_AGENT_MODEL, LETTA_AGENT_EMBEDDING } = env();
  const find = async () => (await letta().agents.list({ name: LETTA_AGENT_NAME, limit: 1 })).getPaginatedItems()[0]?.id;
  const existing = await find();
  if (existing) return existing;
  // Several instances may start at once: only one of them creates the agent.
  return withAdvisoryLock(`letta-agent:${LETTA_AGENT_NAME}`, async () => {
    const again = await find();
    if (again) return again;
    const agent = await letta().agents.create({
      name: LETTA_AGENT_NAME,
      description: "The shared Threadline agent",
      system: SYSTEM_PROMPT,
      model: LETTA_AGENT_MODEL,
      embedding: LETTA_AGENT_EMBEDDING,
      include_base_tools: false,
      tools: [],
      tags: ["threadline"],
      memory_blocks: [{ label: "persona", value: PERSONA, read_only: true, limit: 5000 }],
    });
    return agent.id;
  });
}

/** The shared agent's id. Cached per instance; a failed lookup is retried on the next call. */
export function sharedAgentId(): Promise<string> {
  cached ??= findOrCreateAgent().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
