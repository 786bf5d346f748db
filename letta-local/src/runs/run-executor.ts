import { randomUUID } from "node:crypto";
import type { App } from "../app";
import type { Fault } from "../faults";
import { newId, otidFromMessageId } from "../ids";
import { messageChars } from "../model/context-window";
import { decideStep, type ClientTool, type ToolResult } from "../model/offline-model";
import { tokenize } from "../model/text";
import { runServerTool } from "../model/tool-runner";
import { compactOverflowingContext, measureContext } from "../services/auto-compaction";
import { loadAgentContext } from "../store/agent-cache";
import type { AgentRecord } from "../store/agents";
import { appendStep, type ConversationRecord, type PendingApproval } from "../store/conversations";
import { getMessages, type MessagePart, type StoredMessage } from "../store/messages";
import { finishRun, insertRun, type RunStatus } from "../store/runs";
import type { ActiveRun } from "./active-run";
import * as frames from "./frames";

export interface TurnInput {
  /** Stored with the first step: the user messages, or the tool return that answers an approval. */
  inputMessages: StoredMessage[];
  userText: string;
  approvalResult: ToolResult | null;
}

export interface RunRequest {
  streamTokens: boolean;
  maxSteps: number;
  clientTools: ClientTool[];
  returnTypes: Set<string> | null;
  /** Stream an event_message and a summary_message when the run compacts the conversation. */
  includeCompactionMessages: boolean;
}

export interface RunJob {
  run: ActiveRun;
  conversation: ConversationRecord;
  input: TurnInput;
  request: RunRequest;
  fault: Fault | null;
  /** An approval answer: storing it also clears the conversation's pending approval. */
  clearsApproval: boolean;
}

class Interrupt extends Error {
  constructor(readonly kind: "cancel" | "cut" | "model_error") {
    super(kind);
  }
}

/** Yield to the event loop this often when tokens have no delay, so one run cannot starve the others. */
const TOKENS_PER_YIELD = 32;

/** The agent loop for one run: model steps, tool calls, persistence at the end of each step, then the ending. */
export class RunExecutor {
  private readonly usage: frames.Usage = { completionTokens: 0, promptTokens: 0, stepCount: 0 };
  private pendingInputs: StoredMessage[];
  private current: StoredMessage | null = null;
  private chunks = 0;
  private firstTokenAt: number | null = null;
  private readonly tokenDelayMs: number;

  constructor(
    private readonly app: App,
    private readonly job: RunJob,
  ) {
    this.pendingInputs = [...job.input.inputMessages];
    const fault = job.fault;
    this.tokenDelayMs = fault?.type === "long_reply" && fault.tokenDelayMs !== null ? fault.tokenDelayMs : app.options.tokenDelayMs;
  }

  private get run(): ActiveRun {
    return this.job.run;
  }

  async execute(): Promise<void> {
    try {
      await this.steps();
    } catch (error) {
      await this.interrupted(error);
    }
  }

  private async steps(): Promise<void> {
    const { db, clock } = this.app;
    const { conversation, input, request, fault } = this.job;
    // The run row, the agent's state and the context window are independent reads/writes: one round trip of latency.
    // An approval answer is never compacted: the tool call it answers must stay in context next to its return.
    const [context, inContext] = await Promise.all([
      loadAgentContext(db, conversation.agentId),
      input.approvalResult ? null : getMessages(db, conversation.inContextIds),
      insertRun(db, this.run.record).then(() => (this.run.record.status = "running")),
    ]);
    if (!context) throw new Error("Agent not found");
    const { agent, blocks } = context;
    if (inContext) await this.compactIfOverflowing(agent, [...inContext.values()]);
    this.usage.promptTokens = Math.ceil((agent.data.system.length + blocks.reduce((n, b) => n + b.value.length, 0) + input.userText.length) / 4);
    const toolResults: ToolResult[] = input.approvalResult ? [input.approvalResult] : [];
    if (fault && (fault.type === "slow_first_token" || fault.type === "long_reply")) await this.run.sleep(fault.delayMs);

    for (let step = 0; step < request.maxSteps; step++) {
      this.checkCancel();
      const decision = decideStep({
        userText: input.userText,
        agentTools: agent.data.tools,
        blockLabels: blocks.map((block) => block.label),
        clientTools: request.clientTools,
        toolResults,
        longReplyTokens: fault?.type === "long_reply" ? fault.tokens : null,
      });
      this.usage.stepCount += 1;
      const message = this.startMessage();
      await this.streamText(message, "reasoning", decision.reasoning);
      const action = decision.action;
      if (action.type === "reply") {
        await this.streamText(message, "text", action.text);
        this.checkFaultAtEnd();
        await this.persist([message], { completedAt: clock.date() });
        return this.finish("completed", "end_turn");
      }

      const call = { name: action.name, arguments: JSON.stringify(action.arguments), tool_call_id: newId("toolu").replace("toolu-", "call_") };
      message.parts.push({ kind: "tool_call", tool_call_id: call.tool_call_id, name: call.name, arguments: call.arguments, approval: action.client });
      this.emitWhole(message, action.client ? "approval_request_message" : "tool_call_message", frames.toolCallFrame, JSON.stringify(call));
      this.checkFaultAtEnd();
      if (action.client) {
        const pending: PendingApproval = { ...call, run_id: this.run.id, message_id: message.id };
        await this.persist([message], { pendingApproval: pending, completedAt: clock.date() });
        return this.finish("completed", "requires_approval");
      }

      const outcome = await runServerTool(db, clock, agent.id, action.name, action.arguments);
      const toolMessage: StoredMessage = {
        ...message,
        id: newId("message"),
        createdAt: clock.date(),
        role: "tool",
        parts: [{ kind: "tool_return", tool_call_id: call.tool_call_id, status: outcome.status, tool_return: outcome.content }],
      };
      await this.persist([message, toolMessage], {});
      this.emitWhole(toolMessage, "tool_return_message", (head) => frames.toolReturnFrame(head, outcome.status, call.tool_call_id), JSON.stringify(outcome.content));
      toolResults.push({ name: action.name, arguments: action.arguments, status: outcome.status, content: outcome.content, client: false });
    }
    return this.finish("completed", "max_steps");
  }

  /** Automatic compaction before the first step (services/auto-compaction.ts), made visible on request like Letta. */
  private async compactIfOverflowing(agent: AgentRecord, inContext: StoredMessage[]): Promise<void> {
    const pendingChars = this.job.input.inputMessages.reduce((sum, message) => sum + messageChars(message), 0);
    const measure = measureContext(agent, this.job.conversation, inContext, pendingChars);
    if (!measure.overflowing) return;
    const stepId = newId("step");
    const show = (type: string) => this.job.request.includeCompactionMessages && this.visible(type);
    if (show("event_message")) {
      const head = { id: randomUUID(), date: this.app.clock.date(), messageType: "event_message", otid: null, stepId, runId: this.run.id };
      const data = { trigger: "context_window_exceeded", context_token_estimate: measure.tokens, context_window: measure.contextWindow };
      this.emitChunk(frames.compactionEventFrame(head), JSON.stringify(data));
    }
    const compaction = await compactOverflowingContext(this.app, this.job.conversation, measure, { runId: this.run.id, stepId, pendingChars });
    if (!compaction || !show("summary_message")) return;
    const { summaryMessage } = compaction;
    const head = { id: summaryMessage.id, date: summaryMessage.createdAt, messageType: "summary_message", otid: otidFromMessageId(summaryMessage.id, 0), stepId, runId: this.run.id };
    this.emitChunk(frames.summaryFrame(head, JSON.stringify(compaction.stats)), JSON.stringify(compaction.summary));
  }

  private startMessage(): StoredMessage {
    const { conversation } = this.job;
    const message: StoredMessage = {
      id: newId("message"),
      agentId: conversation.agentId,
      conversationId: conversation.id,
      role: "assistant",
      parts: [],
      otid: null,
      runId: this.run.id,
      stepId: newId("step"),
      createdAt: this.app.clock.date(),
    };
    this.current = message;
    return message;
  }

  private head(message: StoredMessage, messageType: string): frames.ItemHead {
    return { id: message.id, date: message.createdAt, messageType, otid: otidFromMessageId(message.id, message.parts.length - 1), stepId: message.stepId, runId: this.run.id };
  }

  private visible(messageType: string): boolean {
    return !this.job.request.returnTypes || this.job.request.returnTypes.has(messageType);
  }

  /** Streams one text part token by token (or as one chunk with stream_tokens:false), growing the stored part as it goes. */
  private async streamText(message: StoredMessage, kind: "reasoning" | "text", text: string): Promise<void> {
    const part: MessagePart & { text: string } = { kind, text: "" };
    message.parts.push(part);
    const messageType = kind === "reasoning" ? "reasoning_message" : "assistant_message";
    const build = (kind === "reasoning" ? frames.reasoningFrame : frames.assistantFrame)(this.head(message, messageType));
    const show = this.visible(messageType);
    const tokens = tokenize(text);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? "";
      if (this.tokenDelayMs > 0 || i % TOKENS_PER_YIELD === TOKENS_PER_YIELD - 1) await this.app.pacer.wait(this.tokenDelayMs);
      this.checkCancel();
      part.text += token;
      this.usage.completionTokens += 1;
      this.firstTokenAt ??= Date.now();
      if (this.job.request.streamTokens && show) this.emitChunk(build, JSON.stringify(token));
    }
    if (!this.job.request.streamTokens && show && part.text) this.emitChunk(build, JSON.stringify(part.text));
  }

  private emitWhole(message: StoredMessage, messageType: string, factory: (head: frames.ItemHead) => frames.SeqFrame, payloadJson: string): void {
    if (this.visible(messageType)) this.emitChunk(factory(this.head(message, messageType)), payloadJson);
  }

  private emitChunk(build: frames.SeqFrame, payloadJson: string): void {
    const fault = this.job.fault;
    if (fault && (fault.type === "cut_stream" || fault.type === "model_error") && this.chunks >= fault.afterChunks) {
      throw new Interrupt(fault.type === "cut_stream" ? "cut" : "model_error");
    }
    this.run.emit(build, payloadJson);
    this.chunks += 1;
  }

  /** A cut/error fault set beyond the reply's length still fires, before the turn is stored as a success. */
  private checkFaultAtEnd(): void {
    const fault = this.job.fault;
    if (fault?.type === "cut_stream") throw new Interrupt("cut");
    if (fault?.type === "model_error") throw new Interrupt("model_error");
  }

  private checkCancel(): void {
    if (this.run.cancelRequested) throw new Interrupt("cancel");
  }

  private async persist(messages: StoredMessage[], extra: { pendingApproval?: PendingApproval | null; completedAt?: Date }): Promise<void> {
    const all = [...this.pendingInputs, ...messages];
    if (all.length === 0) return;
    const clearApproval = this.job.clearsApproval && this.pendingInputs.length > 0 && extra.pendingApproval === undefined;
    await appendStep(this.app.db, {
      conversationId: this.job.conversation.id,
      messages: all,
      ...extra,
      ...(clearApproval ? { pendingApproval: null } : {}),
    });
    this.pendingInputs = [];
    this.current = null;
  }

  /** Cancel, cut and errors keep what was generated so far (R35), then end the run with the matching stop reason. */
  private async interrupted(error: unknown): Promise<void> {
    if (this.run.abandoned) return this.run.markGone();
    const kind = error instanceof Interrupt ? error.kind : "internal";
    if (kind === "cut") {
      // A client that sees the cut may look the run up at once (GET /v1/runs/{id} reads the live record): it must
      // already read as failed, not running, while the partial output is still being stored.
      this.run.record.status = "failed";
      this.run.record.stopReason = "error";
      this.run.cutConnections();
    }
    const partial = this.current && this.current.parts.some((part) => part.kind !== "reasoning" || part.text) ? [this.current] : [];
    try {
      await this.persist(partial, { completedAt: this.app.clock.date() });
    } catch {
      // The database is the likely culprit of an internal error; the run still has to end.
    }
    if (kind === "cancel") return this.finish("cancelled", "cancelled");
    const failure: frames.RunFailure =
      kind === "cut"
        ? { stopReason: "error", errorType: "stream_incomplete", message: "The stream was cut (injected fault)." }
        : kind === "model_error"
          ? { stopReason: "error", errorType: "llm_error", message: this.job.fault?.message ?? "Model error" }
          : { stopReason: "error", errorType: "internal_error", message: "An unknown error occurred", detail: String(error) };
    return this.finish("failed", failure.stopReason, failure);
  }

  /** Records the outcome, frees the lock, and only then sends the ending, so a client that saw [DONE] can send again. */
  private async finish(status: RunStatus, stopReason: string, failure?: frames.RunFailure): Promise<void> {
    const { record } = this.run;
    const now = this.app.clock.date();
    record.status = status;
    record.stopReason = stopReason;
    record.completedAt = now;
    record.totalDurationNs = (Date.now() - this.run.startedAtMs) * 1e6;
    record.ttftNs = this.firstTokenAt === null ? null : (this.firstTokenAt - this.run.startedAtMs) * 1e6;
    await finishRun(this.app.db, record).catch(() => undefined);
    this.app.registry.release(this.run);
    this.run.emitRaw(frames.stopReasonFrame(stopReason));
    if (failure) this.run.emitRaw(frames.errorEventFrame(this.run.id, failure));
    else if (status !== "cancelled") this.run.emitRaw(frames.usageFrame(this.usage));
    this.run.emitRaw(frames.DONE_FRAME);
    this.run.close();
  }
}
