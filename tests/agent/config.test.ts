// agent.yaml parsing and validation: every error names the line, column and field path.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AgentConfigError, loadAgentConfig, parseAgentConfig } from "@/lib/agent/config";
import { agentYaml, writeFiles } from "./helpers";

/** The error lines for a file that must not parse. */
function errorsOf(source: string, options: Parameters<typeof parseAgentConfig>[1] = {}): string[] {
  try {
    parseAgentConfig(source, { env: {}, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(AgentConfigError);
    return (error as Error).message.split("\n");
  }
  throw new Error("expected the file to be rejected");
}

describe("the repository's agent.yaml", () => {
  it("loads, and declares a private agent: no Letta tools, read-only blocks, own-thread history search", () => {
    const config = loadAgentConfig(path.resolve("agent.yaml"), { env: {} });
    expect(config).toMatchObject({
      name: "threadline", model: "openai/gpt-4o-mini", embedding: "openai/text-embedding-3-small", tools: [],
      privacy: { historySearch: "own_thread", acknowledgeCrossUserLeak: false }, warnings: [],
    });
    expect(config.system).toContain("Never reveal or speculate about other users");
    expect(config.blocks).toEqual([expect.objectContaining({ label: "persona", limit: 5000, readOnly: true })]);
    expect(config.files).toEqual([path.resolve("agent/system.md")]);
  });

  it("keeps the LETTA_AGENT_* variables working", () => {
    const config = loadAgentConfig(path.resolve("agent.yaml"), {
      env: { LETTA_AGENT_NAME: "staging", LETTA_AGENT_MODEL: "anthropic/claude-sonnet-4", LETTA_AGENT_EMBEDDING: "openai/text-embedding-3-large" },
    });
    expect(config).toMatchObject({ name: "staging", model: "anthropic/claude-sonnet-4", embedding: "openai/text-embedding-3-large" });
  });
});

describe("environment interpolation", () => {
  const base = (model: string) => `name: a\nsystem: s\nmodel: ${model}\n`;

  it("${VAR} and ${VAR:-default}, with the default used when the variable is unset or empty", () => {
    expect(parseAgentConfig(base("${M}"), { env: { M: "openai/o3" } }).model).toBe("openai/o3");
    expect(parseAgentConfig(base("${M:-openai/gpt-4.1}"), { env: {} }).model).toBe("openai/gpt-4.1");
    expect(parseAgentConfig(base("${M:-openai/gpt-4.1}"), { env: { M: "" } }).model).toBe("openai/gpt-4.1");
    expect(parseAgentConfig(base("${P}/${N:-mini}"), { env: { P: "openai" } }).model).toBe("openai/mini");
  });

  it("$${ is a literal ${, and values from referenced files are not interpolated", () => {
    const dir = writeFiles({ "agent.yaml": "name: a\nmodel: openai/x\nsystem: 'costs $${PRICE}'\nblocks:\n  - label: b\n    from_file: agent/b.md\n", "agent/b.md": "${HOME}" });
    const config = loadAgentConfig(path.join(dir, "agent.yaml"), { env: { HOME: "/root" } });
    expect(config.system).toBe("costs ${PRICE}");
    expect(config.blocks[0]?.value).toBe("${HOME}");
  });

  it("an unset variable without a default is an error at its line", () => {
    expect(errorsOf("name: a\nsystem: s\nmodel: ${LETTA_MODEL_FOR_TEST}\n")).toEqual([
      "agent.yaml:3:8 model: environment variable LETTA_MODEL_FOR_TEST is not set (write ${LETTA_MODEL_FOR_TEST:-default} to give a default)",
    ]);
  });

  it("LETTA_AGENT_NAME overrides name", () => {
    expect(parseAgentConfig(base("openai/x"), { env: { LETTA_AGENT_NAME: "tests-1" } }).name).toBe("tests-1");
  });
});

describe("errors name the line, column and field", () => {
  it("a YAML syntax error", () => {
    expect(errorsOf("name: a\nmodel: openai/x\nsystem: [unclosed\n")).toEqual([
      "agent.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("a duplicate key", () => {
    expect(errorsOf("name: a\nname: b\nmodel: openai/x\nsystem: s\n")).toEqual(["agent.yaml:2:1: Map keys must be unique"]);
  });

  it("unknown keys, at every level, with a suggestion for near misses", () => {
    const source = `${agentYaml({ name: "a" })}    limt: 10\ntemperature: 0.2\nprivacy:\n  history_serach: off\n`;
    expect(errorsOf(source)).toEqual([
      'agent.yaml:14:5 blocks[0].limt: unknown key (did you mean "limit"?)',
      "agent.yaml:15:1 temperature: unknown key",
      'agent.yaml:17:3 privacy.history_serach: unknown key (did you mean "history_search"?)',
    ]);
  });

  it("wrong types and values", () => {
    const source = [
      "name: a", "model: gpt-4o", "system: s", "context_window: 12.5",
      "blocks:", "  - label: a", "    value: x", "  - label: b", "    value: y", "    limit: -3", "    read_only: yes",
      "tools: conversation_search", "privacy:", "  history_search: everyone",
    ].join("\n");
    expect(errorsOf(source)).toEqual([
      "agent.yaml:2:8 model: must be a provider/model handle, e.g. openai/gpt-4o-mini",
      "agent.yaml:4:17 context_window: must be a positive integer",
      "agent.yaml:10:12 blocks[1].limit: must be a positive integer",
      "agent.yaml:11:16 blocks[1].read_only: must be true or false",
      "agent.yaml:12:8 tools: must be a list of tool names",
      "agent.yaml:14:19 privacy.history_search: must be one of own_thread, off, all_conversations",
    ]);
  });

  it("a missing required field points at the map that lacks it", () => {
    expect(errorsOf("name: a\nsystem: s\nblocks:\n  - value: x\n")).toEqual([
      "agent.yaml:1:1 model: is required",
      "agent.yaml:4:5 blocks[0].label: is required",
    ]);
  });

  it("a missing from_file or system_file, and paths outside the agent folder", () => {
    const dir = writeFiles({
      "agent.yaml": "name: a\nmodel: openai/x\nsystem_file: agent/nope.md\nblocks:\n  - label: a\n    from_file: agent/missing.md\n  - label: b\n    from_file: ../secret.txt\n",
    });
    expect(() => loadAgentConfig(path.join(dir, "agent.yaml"), { env: {} })).toThrowError(AgentConfigError);
    try {
      loadAgentConfig(path.join(dir, "agent.yaml"), { env: {} });
    } catch (error) {
      const lines = (error as Error).message.split("\n").map((line) => line.slice(line.indexOf("agent.yaml:")));
      expect(lines).toEqual([
        "agent.yaml:3:14 system_file: file not found: agent/nope.md",
        "agent.yaml:6:16 blocks[0].from_file: file not found: agent/missing.md",
        "agent.yaml:8:16 blocks[1].from_file: must be a path inside the folder of agent.yaml (deployments ship only that folder)",
      ]);
    }
  });

  it("system and system_file, value and from_file: exactly one of each", () => {
    expect(errorsOf("name: a\nmodel: openai/x\nblocks:\n  - label: a\n")).toEqual([
      "agent.yaml:1:1: exactly one of system or system_file is required",
      "agent.yaml:4:5 blocks[0]: exactly one of value or from_file is required",
    ]);
  });

  it("a duplicate block label, and a value longer than its limit", () => {
    const source = "name: a\nmodel: openai/x\nsystem: s\nblocks:\n  - label: a\n    value: x\n  - label: a\n    value: toolong\n    limit: 3\n";
    expect(errorsOf(source)).toEqual([
      'agent.yaml:7:12 blocks[1].label: duplicate block label "a"',
      "agent.yaml:8:12 blocks[1].value: is 7 characters, longer than limit 3",
    ]);
  });

  it("the file name in messages is the one loaded", () => {
    const dir = writeFiles({ "staging.yaml": "name: a\nmodel: nope\nsystem: s\n" });
    expect(() => loadAgentConfig(path.join(dir, "staging.yaml"), { env: {} })).toThrowError(/staging\.yaml:2:8 model: must be a provider\/model handle/);
  });
});

describe("privacy rules", () => {
  const withTools = (extra: string) => `${agentYaml({ name: "a" })}\n${extra}`;

  it("conversation_search without the all_conversations opt-in is an error", () => {
    expect(errorsOf(withTools("tools: [conversation_search]"))).toEqual([
      "agent.yaml:15:9 tools[0]: conversation_search searches every user's conversations; it needs privacy.history_search: all_conversations and privacy.acknowledge_cross_user_leak: true",
    ]);
  });

  it("all_conversations without acknowledge_cross_user_leak is an error", () => {
    expect(errorsOf(withTools("privacy:\n  history_search: all_conversations"))).toEqual([
      "agent.yaml:16:19 privacy.history_search: all_conversations lets the agent quote one user's messages to another; set privacy.acknowledge_cross_user_leak: true to allow it",
    ]);
  });

  it("all_conversations with the acknowledgement attaches conversation_search and warns loudly", () => {
    const config = parseAgentConfig(withTools("privacy:\n  history_search: all_conversations\n  acknowledge_cross_user_leak: true"), { env: {} });
    expect(config.tools).toEqual(["conversation_search"]);
    expect(config.warnings).toEqual([expect.stringMatching(/^PRIVACY: .*EVERY user's conversations/)]);
  });

  it("a memory-writing tool with no writable block is an error", () => {
    expect(errorsOf(withTools("tools: [memory_insert]"))).toEqual([
      expect.stringMatching(/^agent\.yaml:15:9 tools\[0\]: memory_insert writes memory blocks, but every block is read_only/),
    ]);
  });

  it("an agent-writable block is allowed with a warning", () => {
    const source = withTools("  - label: notes\n    value: ''\n    read_only: false\ntools: [memory_insert]");
    const config = parseAgentConfig(source.replace("\n\n", "\n"), { env: {} });
    expect(config.blocks.map((block) => [block.label, block.readOnly])).toEqual([["persona", true], ["notes", false]]);
    expect(config.warnings).toEqual([expect.stringContaining('block "notes" is agent-writable (read_only: false): it is shared by every conversation, so what one user says may reach others')]);
  });

  it("history_search off is accepted", () => {
    expect(parseAgentConfig(withTools("privacy:\n  history_search: 'off'"), { env: {} }).privacy.historySearch).toBe("off");
  });
});
