import type { App } from "../app";
import type { Fault } from "../faults";
import { otidFromMessageId } from "../ids";
import { tokenize } from "../model/text";
import type { MessagePart, StoredMessage } from "../store/messages";
import type { ActiveRun } from "./active-run";
import * as frames from "./frames";
import type { Hold } from "./holds";

/** Why a run stops early: a cancel, or an injected cut / model error. */
export class Interrupt extends Error {
  constructor(readonly kind: "cancel" | "cut" | "model_error") {
    super(kind);
  }
}

/** Yield to the event loop this often when tokens have no delay, so one run cannot starve the others. */
const TOKENS_PER_YIELD = 32;

export interface OutputOptions {
  streamTokens: boolean;
  returnTypes: Set<string> | null;
  fault: Fault | null;
  hold: Hold | null;
  tokenDelayMs: number;
}

/**
 * What a run sends: message chunks (token by token or whole), paced, filtered by include_return_message_types, and
 * subject to the injected faults: cut / model_error after N chunks, and a hold that stops the stream after N chunks
 * until /_control releases it. The chunk count is of message chunks actually sent (pings never count).
 */
export class RunOutput {
  private chunks = 0;
  firstTokenAt: number | null = null;

  constructor(
    private readonly app: App,
    private readonly run: ActiveRun,
    private readonly options: OutputOptions,
  ) {}

  visible(messageType: string): boolean {
    return !this.options.returnTypes || this.options.returnTypes.has(messageType);
  }

  head(message: StoredMessage, messageType: string): frames.ItemHead {
    return { id: message.id, date: message.createdAt, messageType, otid: otidFromMessageId(message.id, message.parts.length - 1), stepId: message.stepId, runId: this.run.id };
  }

  /** Streams one text part token by token (or as one chunk with stream_tokens:false), growing the stored part as it goes. */
  async text(message: StoredMessage, kind: "reasoning" | "text", text: string): Promise<void> {
    const part: MessagePart & { text: string } = { kind, text: "" };
    message.parts.push(part);
    const messageType = kind === "reasoning" ? "reasoning_message" : "assistant_message";
    const build = (kind === "reasoning" ? frames.reasoningFrame : frames.assistantFrame)(this.head(message, messageType));
    const show = this.visible(messageType);
    const tokens = tokenize(text);
    const delay = this.options.tokenDelayMs;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? "";
      if (delay > 0 || i % TOKENS_PER_YIELD === TOKENS_PER_YIELD - 1) await this.app.pacer.wait(delay);
      this.checkCancel();
      part.text += token;
      this.firstTokenAt ??= Date.now();
      // Without a hold nothing can make a chunk wait: send it synchronously (no promise per token on the hot path).
      if (this.options.streamTokens && show) {
        if (this.options.hold) await this.chunk(build, JSON.stringify(token));
        else this.send(build, JSON.stringify(token));
      }
    }
    if (!this.options.streamTokens && show && part.text) await this.chunk(build, JSON.stringify(part.text));
  }

  /** One whole item (a tool call or return), if the client asked for its type. */
  async whole(message: StoredMessage, messageType: string, factory: (head: frames.ItemHead) => frames.SeqFrame, payloadJson: string): Promise<void> {
    if (this.visible(messageType)) await this.chunk(factory(this.head(message, messageType)), payloadJson);
  }

  async chunk(build: frames.SeqFrame, payloadJson: string): Promise<void> {
    const hold = this.options.hold;
    if (hold?.due(this.chunks)) await this.holdHere(hold);
    this.send(build, payloadJson);
  }

  private send(build: frames.SeqFrame, payloadJson: string): void {
    const fault = this.options.fault;
    if (fault && (fault.type === "cut_stream" || fault.type === "model_error") && this.chunks >= fault.afterChunks) {
      throw new Interrupt(fault.type === "cut_stream" ? "cut" : "model_error");
    }
    this.run.emit(build, payloadJson);
    this.chunks += 1;
  }

  /** A cut/error fault set beyond the reply's length still fires, before the turn is stored as a success. */
  checkFaultAtEnd(): void {
    const fault = this.options.fault;
    if (fault?.type === "cut_stream") throw new Interrupt("cut");
    if (fault?.type === "model_error") throw new Interrupt("model_error");
  }

  /** A hold set beyond the reply's length stops the run before its ending: the reply is still in progress then. */
  async holdBeforeEnding(): Promise<void> {
    const hold = this.options.hold;
    if (hold?.state === "armed") await this.holdHere(hold);
  }

  checkCancel(): void {
    if (this.run.cancelRequested) throw new Interrupt("cancel");
  }

  private async holdHere(hold: Hold): Promise<void> {
    this.app.holds.enter(hold);
    await this.run.waitFor(hold.released);
    this.checkCancel();
  }
}
