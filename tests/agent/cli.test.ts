// `npm run agent:apply` end to end: the real script, spawned, against the local Letta server.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalLetta, uniqueName, type LocalLetta } from "../helpers/letta";
import { agentYaml, writeFiles } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");
let letta: LocalLetta;
beforeAll(async () => {
  letta = await startLocalLetta();
});
afterAll(async () => letta?.close());

/** Runs the CLI in `cwd` (so no .env of the repository is read) with only the given variables. */
function cli(args: string[], { cwd, env = {} }: { cwd: string; env?: Record<string, string> }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/agent-apply.ts"), ...args], {
      cwd, env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => { stdout += chunk; });
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run agent:apply", () => {
  it("exits 1 with every error's line and field on a bad file, before contacting Letta", async () => {
    const cwd = writeFiles({ "agent.yaml": "name: a\nmodel: openai/x\nsytem: hi\nblocks:\n  - label: a\n    value: x\n    limit: 0\n" });
    const { code, stdout, stderr } = await cli([], { cwd });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe([
      'agent.yaml:3:1 sytem: unknown key (did you mean "system"?)',
      "agent.yaml:7:12 blocks[0].limit: must be a positive integer",
      "✖ 2 errors in the agent file; nothing was applied.",
      "",
    ].join("\n"));
  });

  it("explains how to start a Letta server when none is configured", async () => {
    const cwd = writeFiles({ "agent.yaml": agentYaml({ name: "a" }) });
    const { code, stderr } = await cli(["--dry-run"], { cwd });
    expect(code).toBe(1);
    expect(stderr).toContain("set LETTA_BASE_URL or LETTA_API_KEY");
    expect(stderr).toContain("npm run letta:local");
  });

  it("creates, then reports no changes, then dry-runs, applies and recompiles a change", { timeout: 90_000 }, async () => {
    const name = uniqueName("cli");
    const cwd = writeFiles({ "agent.yaml": agentYaml({ name: "ignored" }) });
    const env = { LETTA_BASE_URL: letta.url, LETTA_AGENT_NAME: name };

    const first = await cli([], { cwd, env });
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(new RegExp(`^agent\\.yaml → agent "${name}" on ${letta.url}\\nCreated agent agent-[0-9a-f-]+:\\n`));
    expect(first.stdout).toContain("  + block persona (limit 2000, read-only)");

    const second = await cli([], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Existing conversations: 0\nNo changes: the agent matches agent.yaml\n");

    const agent = (await letta.client.agents.list({ name })).getPaginatedItems()[0]!;
    await letta.client.conversations.create({ agent_id: agent.id });
    fs.writeFileSync(path.join(cwd, "agent.yaml"), agentYaml({ name: "ignored" }).replace("I am a test persona.", "I am a new persona."));

    const dry = await cli(["--dry-run"], { cwd, env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain([
      "Existing conversations: 1", "1 change:", "  ~ block persona value: 1 line changed", "Dry run: nothing changed.",
      "1 existing conversation keeps its old system message until compacted; apply with --recompile to refresh it now.",
    ].join("\n"));
    expect((await letta.client.agents.blocks.retrieve("persona", { agent_id: agent.id })).value).toBe("I am a test persona.");

    const applied = await cli(["--recompile", "--file", "agent.yaml"], { cwd, env });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Applied 1 change to ${agent.id}.\nRecompiled 1 conversation.\n`);
    expect((await letta.client.agents.blocks.retrieve("persona", { agent_id: agent.id })).value).toBe("I am a new persona.");

    const summary = await cli(["--summary"], { cwd, env });
    expect(summary).toMatchObject({ code: 0, stdout: `"${name}" matches agent.yaml\n` });
  });

  it("prints privacy warnings", async () => {
    const cwd = writeFiles({
      "agent.yaml": `${agentYaml({ name: "x" })}\n  - label: notes\n    value: ''\n    read_only: false\ntools: [memory_insert]\n`.replace("\n\n", "\n"),
    });
    const { code, stdout } = await cli(["--dry-run"], { cwd, env: { LETTA_BASE_URL: letta.url, LETTA_AGENT_NAME: uniqueName("cli") } });
    expect(code).toBe(0);
    expect(stdout).toContain('  ⚠ block "notes" is agent-writable (read_only: false): it is shared by every conversation, so what one user says may reach others.');
    expect(stdout).toContain("  + tool memory_insert\nDry run: nothing changed.");
  });
});
