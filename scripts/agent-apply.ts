// `npm run agent:apply`: make the live shared agent match agent.yaml, printing each change.
//   --dry-run          show the changes, change nothing
//   --recompile        then rebuild every conversation's system message (they otherwise keep the old prompt/blocks)
//   --file <path>      another agent file (default ./agent.yaml)
//   --summary          one line (npm run dev uses it)
// Letta: LETTA_BASE_URL (any Letta-compatible server's origin) or LETTA_API_KEY (Letta Cloud), as the app reads them;
// .env.local and .env are read like `npm run dev` does. Exit 0 when the agent matches (or was made to), 1 on an
// invalid file (every error with its line and field), an unreachable server or a failed change.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Letta from "@letta-ai/letta-client";
import { applyAgentConfig, type ApplyResult } from "../lib/letta/agent-apply";
import { AgentConfigError, loadAgentConfig, type AgentConfig } from "../lib/agent/config";
import { affectsSystemMessage, formatChange } from "../lib/letta/agent-plan";

const LETTA_CLOUD = "https://api.letta.com";
const USAGE = "Usage: npm run agent:apply -- [--dry-run] [--recompile] [--file <path>] [--summary]";

function parse() {
  try {
    return parseArgs({
      options: {
        "dry-run": { type: "boolean", default: false },
        recompile: { type: "boolean", default: false },
        file: { type: "string" },
        summary: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(1);
  }
}

function loadEnvFiles() {
  for (const name of [".env.local", ".env"]) {
    const file = path.resolve(name);
    if (fs.existsSync(file)) process.loadEnvFile(file);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function describeTarget(): string | null {
  if (process.env.LETTA_BASE_URL) return process.env.LETTA_BASE_URL;
  if (process.env.LETTA_API_KEY) return "Letta Cloud";
  return null;
}

function printDetails(config: AgentConfig, result: ApplyResult, dryRun: boolean, target: string) {
  const { plan } = result;
  console.log(`${path.relative(process.cwd(), config.file ?? "agent.yaml") || "agent.yaml"} → agent "${config.name}" on ${target}`);
  for (const warning of config.warnings) console.log(`  ⚠ ${warning}`);
  if (!plan.agent) {
    console.log(dryRun ? "The agent does not exist; apply would create it:" : `Created agent ${result.agentId}:`);
    console.log(`  + agent ${config.name} (model ${config.model}, ${plural(config.blocks.length, "block")}, ${plural(config.tools.length, "tool")})`);
    for (const block of config.blocks) console.log(`  + block ${block.label} (limit ${block.limit}, ${block.readOnly ? "read-only" : "agent-writable"})`);
    for (const tool of config.tools) console.log(`  + tool ${tool}${plan.missingTools.includes(tool) ? " (not found on the Letta server)" : ""}`);
    if (dryRun) console.log("Dry run: nothing changed.");
    return;
  }
  for (const notice of plan.notices) console.log(`  i ${notice}`);
  console.log(`Existing conversations: ${plan.conversations ?? "?"}`);
  if (!plan.changes.length) console.log("No changes: the agent matches agent.yaml");
  else {
    console.log(`${plural(plan.changes.length, "change")}:`);
    for (const change of plan.changes) console.log(`  ${formatChange(change)}`);
    console.log(dryRun ? "Dry run: nothing changed." : `Applied ${plural(plan.changes.length, "change")} to ${plan.agent.id}.`);
  }
  if (result.recompiled !== null) {
    console.log(`Recompiled ${plural(result.recompiled, "conversation")}.`);
    for (const failure of result.recompileFailures) console.log(`  ✖ ${failure.conversationId}: ${failure.error}`);
  } else if (plan.conversations && plan.changes.some(affectsSystemMessage)) {
    const n = plan.conversations;
    console.log(`${plural(n, "existing conversation")} ${n === 1 ? "keeps its" : "keep their"} old system message until compacted; ${
      dryRun ? "apply" : "run again"} with --recompile to refresh ${n === 1 ? "it" : "them"} now.`);
  }
}

function summaryLine(config: AgentConfig, result: ApplyResult): string {
  const { plan } = result;
  const head = !plan.agent
    ? `created agent "${config.name}"`
    : plan.changes.length
      ? `applied ${plural(plan.changes.length, "change")} to "${config.name}" (${plan.changes.map(formatChange).join("; ")})`
      : `"${config.name}" matches agent.yaml`;
  const warnings = config.warnings.length ? `; ${plural(config.warnings.length, "warning")}: ${config.warnings.join(" ")}` : "";
  return `${head}${warnings}`;
}

async function main(): Promise<number> {
  const args = parse();
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  loadEnvFiles();
  let config: AgentConfig;
  try {
    config = loadAgentConfig(args.file ? path.resolve(args.file) : undefined);
  } catch (error) {
    if (!(error instanceof AgentConfigError)) throw error;
    console.error(`${error.message}\n✖ ${plural(error.issues.length, "error")} in the agent file; nothing was applied.`);
    return 1;
  }
  const target = describeTarget();
  if (!target) {
    console.error([
      "agent.yaml is valid, but there is no Letta server to apply it to: set LETTA_BASE_URL or LETTA_API_KEY.",
      "  Local Letta server:  npm run letta:local   (in another terminal; it listens on http://127.0.0.1:8283)",
      "                       LETTA_BASE_URL=http://127.0.0.1:8283 npm run agent:apply",
      "  Or run `npm run dev`, which starts it and applies agent.yaml at startup.",
    ].join("\n"));
    return 1;
  }
  const client = new Letta({
    baseURL: process.env.LETTA_BASE_URL || LETTA_CLOUD,
    apiKey: process.env.LETTA_API_KEY || null,
    maxRetries: 1,
    timeout: 30_000,
  });
  const dryRun = args["dry-run"];
  let result: ApplyResult;
  try {
    result = await applyAgentConfig(client, config, { dryRun, recompile: args.recompile });
  } catch (error) {
    console.error(`✖ agent:apply failed against ${target}: ${(error as Error).message}`);
    return 1;
  }
  if (args.summary) console.log(summaryLine(config, result));
  else printDetails(config, result, dryRun, target);
  return result.recompileFailures.length ? 1 : 0;
}

process.exitCode = await main();
