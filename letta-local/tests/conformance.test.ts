import { afterAll, beforeAll } from "vitest";
import { startTestServer, type TestServer } from "./helpers";
import { agentMessagesSuite } from "./conformance/agent-messages.suite";
import { bootstrapSuite } from "./conformance/bootstrap.suite";
import { conversationsSuite } from "./conformance/conversations.suite";
import { conformanceClient, type Conformance } from "./conformance/harness";
import { runsSuite } from "./conformance/runs.suite";
import { surfaceSuite } from "./conformance/surface.suite";

/**
 * The SDK conformance suite: every method of @letta-ai/letta-client 1.12.1 that letta-local claims, called through
 * the SDK with its documented parameters, answers with the SDK's own types (checked field by field against the
 * types, which the compiler holds the tests to), and lists page to an empty page. The claims table
 * (conformance/surface.ts) is checked against the SDK and is the table in letta-local/README.md. One server and one
 * recording client for the whole file, so the last test can check that every claimed method was exercised.
 */
let server: TestServer;
let conformance: Conformance;
const logLines: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ log: (line) => logLines.push(line) });
  conformance = conformanceClient(server);
});
afterAll(async () => server?.close());

const ctx = () => conformance;
bootstrapSuite(ctx);
conversationsSuite(ctx);
agentMessagesSuite(ctx);
runsSuite(ctx);
surfaceSuite(ctx, () => logLines);
