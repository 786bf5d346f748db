import { randomUUID } from "node:crypto";
import type { App } from "../app";
import type { Fault } from "../faults";
import { newId, otidFromMessageId } from "../ids";
import { DEFAULT_CONTEXT_WINDOW, messageChars } from "../model/context-window";
import { decideStep, type ClientTool, type ToolResult } from "../model/offline-model";
import { runServerTool } from "../model/tool-runner";
import type { UserInput } from "../model/user-input";
import { compactOverflowingContext, measureContext } from "../services/auto-compaction";
import { loadAgentContext } from "../store/agent-cache";
import type { AgentRecord } from "../store/agents";
import { appendStep, type ConversationRecord, type PendingApproval } from "../store/conversations";
import { getMessages, type StoredMessage } from "../store/messages";
import { finishRun, insertRun, type RunStatus, type StepRecord, type StepStatus } from "../store/runs";
import type { ActiveRun } from "./active-run";
import * as frames from "./frames";
import { Interrupt, RunOutput } from "./run-output";
import { StepMeter, runUsage } from "./step-meter";

export interface TurnInput {
  /** Stored with the first step: the user messages, or the tool return that answers an approval (then the messages). */
  inputMessages: StoredMessage[];
  /** What the model reads of the user's messages. */
  user: UserInput;
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

/** The agent loop for one run: model steps, tool calls, persistence at the end of each step, then the ending. */
export class RunExecutor {
  private pendingInputs: StoredMessage[];
  private current: StoredMessage | null = null;
  private currentStep: StepRecord | null = null;
  private meter: StepMeter | null = null;
  private readonly out: RunOutput;

  constructor(
    private readonly app: App,
    private readonly job: RunJob,
  ) {
    this.pendingInputs = [...job.input.inputMessages];
    const { fault, run, request } = job;
    const hold = fault?.type === "hold" ? app.holds.arm(run.id, job.conversation.id, fault.id, fault.holdAtChunk, fault.holdTimeoutMs) : null;
    this.out = new RunOutput(app, run, {
      streamTokens: request.streamTokens,
      returnTypes: request.returnTypes,
      fault,
      hold,
      tokenDelayMs: fault?.type === "long_reply" && fault.tokenDelayMs !== null ? fault.tokenDelayMs : app.options.tokenDelayMs,
    });
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
    const [context, inContext] = await Promise.all([
      loadAgentContext(db, conversation.agentId),
      getMessages(db, conversation.inContextIds),
      insertRun(db, this.run.record).then(() => (this.run.record.status = "running")),
    ]);
    if (!context) throw new Error("Agent not found");
    const { agent, blocks } = context;
    const contextWindow = conversation.contextWindowLimit ?? agent.data.context_window_limit ?? DEFAULT_CONTEXT_WINDOW;
    const meter = (this.meter = new StepMeter(this.run.record.steps, conversation.model ?? agent.data.model, contextWindow));
    // An approval answer is never compacted: the tool call it answers must stay in context next to its return.
    const compacted = !input.approvalResult && (await this.compactIfOverflowing(agent, [...inContext.values()]));
    const contextMessages = compacted ? await getMessages(db, conversation.inContextIds) : inContext;
    meter.setContext([...contextMessages.values(), ...input.inputMessages]);
    const toolResults: ToolResult[] = [];
    if (fault && (fault.type === "slow_first_token" || fault.type === "long_reply")) await this.run.sleep(fault.delayMs);

    for (let step = 0; step < request.maxSteps; step++) {
      this.out.checkCancel();
      const decision = decideStep({
        user: input.user,
        agentTools: agent.data.tools,
        blockLabels: blocks.map((block) => block.label),
        clientTools: request.clientTools,
        approvalResult: input.approvalResult,
        toolResults,
        longReplyTokens: fault?.type === "long_reply" ? fault.tokens : null,
      });
      const message = this.startMessage();
      await this.out.text(message, "reasoning", decision.reasoning);
      const action = decision.action;
      if (action.type === "reply") {
        await this.out.text(message, "text", action.text);
        this.out.checkFaultAtEnd();
        await this.out.holdBeforeEnding();
        this.endStep("success", "end_turn");
        await this.persist([message], { completedAt: clock.date() });
        return this.finish("completed", "end_turn");
      }

      const call = { name: action.name, arguments: JSON.stringify(action.arguments), tool_call_id: newId("toolu").replace("toolu-", "call_") };
      message.parts.push({ kind: "tool_call", tool_call_id: call.tool_call_id, name: call.name, arguments: call.arguments, approval: action.client });
      await this.out.whole(message, action.client ? "approval_request_message" : "tool_call_message", frames.toolCallFrame, JSON.stringify(call));
      this.out.checkFaultAtEnd();
      if (action.client) {
        await this.out.holdBeforeEnding();
        this.endStep("success", "requires_approval");
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
      this.endStep("success", null);
      meter.add(toolMessage);
      await this.persist([message, toolMessage], {});
      await this.out.whole(toolMessage, "tool_return_message", (head) => frames.toolReturnFrame(head, outcome.status, call.tool_call_id), JSON.stringify(outcome.content));
      toolResults.push({ name: action.name, arguments: action.arguments, status: outcome.status, content: outcome.content, client: false });
    }
    const last = this.run.record.steps.at(-1);
    if (last) last.stopReason = "max_steps";
    return this.finish("completed", "max_steps");
  }

  /**
   * Automatic compaction before the first step (services/auto-compaction.ts), made visible on request like Letta.
   * Returns whether the conversation was compacted.
   */
  private async compactIfOverflowing(agent: AgentRecord, inContext: StoredMessage[]): Promise<boolean> {
    const pendingChars = this.job.input.inputMessages.reduce((sum, message) => sum + messageChars(message), 0);
    const measure = measureContext(agent, this.job.conversation, inContext, pendingChars);
    if (!measure.overflowing) return false;
    const stepId = newId("step");
    const show = (type: string) => this.job.request.includeCompactionMessages && this.out.visible(type);
    if (show("event_message")) {
      const head = { id: randomUUID(), date: this.app.clock.date(), messageType: "event_message", otid: null, stepId, runId: this.run.id };
      const data = { trigger: "context_window_exceeded", context_token_estimate: measure.tokens, context_window: measure.contextWindow };
      await this.out.chunk(frames.compactionEventFrame(head), JSON.stringify(data));
    }
    const compaction = await compactOverflowingContext(this.app, this.job.conversation, measure, { runId: this.run.id, stepId, pendingChars });
    if (!compaction) return false;
    if (!show("summary_message")) return true;
    const { summaryMessage } = compaction;
    const head = { id: summaryMessage.id, date: summaryMessage.createdAt, messageType: "summary_message", otid: otidFromMessageId(summaryMessage.id, 0), stepId, runId: this.run.id };
    await this.out.chunk(frames.summaryFrame(head, JSON.stringify(compaction.stats)), JSON.stringify(compaction.summary));
    return true;
  }

  /** A model step's message; its step id is the step's, and the meter starts counting the step from here. */
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
    this.currentStep = this.meter?.start(message.stepId ?? "", message.createdAt) ?? null;
    return message;
  }

  private endStep(status: StepStatus, stopReason: string | null): void {
    if (this.currentStep) this.meter?.end(this.currentStep, this.current, status, stopReason);
    this.currentStep = null;
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
    if (this.run.abandoned) {
      this.app.holds.forget(this.run.id);
      return this.run.markGone();
    }
    const kind = error instanceof Interrupt ? error.kind : "internal";
    if (kind === "cut") {
      // A client that sees the cut may look the run up at once (GET /v1/runs/{id} reads the live record): it must
      // already read as failed, not running, while the partial output is still being stored.
      this.run.record.status = "failed";
      this.run.record.stopReason = "error";
      this.run.cutConnections();
    }
    this.endStep(kind === "cancel" ? "cancelled" : "failed", kind === "cancel" ? "cancelled" : "error");
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
    record.ttftNs = this.out.firstTokenAt === null ? null : (this.out.firstTokenAt - this.run.startedAtMs) * 1e6;
    await finishRun(this.app.db, record).catch(() => undefined);
    this.app.registry.release(this.run);
    this.app.holds.forget(this.run.id);
    this.run.emitRaw(frames.stopReasonFrame(stopReason));
    if (failure) this.run.emitRaw(frames.errorEventFrame(this.run.id, failure));
    else if (status !== "cancelled") this.run.emitRaw(frames.usageFrame(runUsage(record.steps)));
    this.run.emitRaw(frames.DONE_FRAME);
    this.run.close();
  }
}
