// Agent files for the agent tests: written into a temporary folder, or parsed as the app parses them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAgentConfig, type AgentConfig } from "@/lib/agent/config";

/** A temporary folder holding `files` (path → content); returns the folder. */
export function writeFiles(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "threadline-agent-"));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A small valid agent file; `extra` is appended (top-level keys). */
export function agentYaml({ name, extra = "" }: { name: string; extra?: string }): string {
  return [
    `name: ${name}`,
    "description: Test agent",
    "system: |-",
    "  You are a test agent.",
    "  Answer briefly.",
    "model: openai/gpt-4o-mini",
    "embedding: openai/text-embedding-3-small",
    "context_window: 32000",
    "blocks:",
    "  - label: persona",
    "    description: Who the agent is",
    "    limit: 2000",
    "    value: I am a test persona.",
    extra,
  ].join("\n");
}

export function config(name: string, extra = ""): AgentConfig {
  return parseAgentConfig(agentYaml({ name, extra }), { env: {} });
}
