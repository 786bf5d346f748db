import { estimateTokens, messageChars } from "../model/context-window";
import type { StoredMessage } from "../store/messages";
import type { StepRecord, StepStatus } from "../store/runs";

/** A run's usage: the sum of its steps (usage_statistics, runs.usage.retrieve and the run's row all read this). */
export interface RunUsage {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  totalTokens: number;
  stepCount: number;
  /** The context after the last step: its prompt plus what it produced. */
  contextTokens: number;
}

export function runUsage(steps: StepRecord[]): RunUsage {
  const sum = (pick: (step: StepRecord) => number) => steps.reduce((total, step) => total + pick(step), 0);
  const promptTokens = sum((step) => step.promptTokens);
  const completionTokens = sum((step) => step.completionTokens);
  const last = steps.at(-1);
  return {
    promptTokens,
    completionTokens,
    reasoningTokens: sum((step) => step.reasoningTokens),
    totalTokens: promptTokens + completionTokens,
    stepCount: steps.length,
    contextTokens: last ? last.promptTokens + last.completionTokens : 0,
  };
}

/**
 * Token accounting for one run, at about one token per 4 characters (there is no tokenizer offline). Each step's
 * prompt is everything the model is sent at that step: the conversation's system message (memory blocks included),
 * every in-context message, the new input, and what earlier steps of the run produced (tool calls and returns).
 * Its completion is what it produced: reasoning, assistant text and tool calls (name + arguments).
 */
export class StepMeter {
  private contextChars = 0;

  constructor(
    /** The run record's own list, so a live run's usage reads as it grows. */
    private readonly steps: StepRecord[],
    private readonly model: string,
    private readonly contextWindow: number,
  ) {}

  /** The context the run starts from (replaced after an automatic compaction). */
  setContext(messages: StoredMessage[]): void {
    this.contextChars = messages.reduce((sum, message) => sum + messageChars(message), 0);
  }

  /** A message joining the context (a tool return). */
  add(message: StoredMessage): void {
    this.contextChars += messageChars(message);
  }

  start(stepId: string, at: Date): StepRecord {
    const step: StepRecord = {
      id: stepId,
      startedAt: at.toISOString(),
      model: this.model,
      contextWindow: this.contextWindow,
      promptTokens: estimateTokens(this.contextChars),
      completionTokens: 0,
      reasoningTokens: 0,
      status: "pending",
      stopReason: null,
    };
    this.steps.push(step);
    return step;
  }

  /** Closes a step with what it produced (also on cancel or error, counting the partial output). */
  end(step: StepRecord, output: StoredMessage | null, status: StepStatus, stopReason: string | null): void {
    if (step.status !== "pending") return;
    const reasoningChars = (output?.parts ?? []).reduce((sum, part) => sum + (part.kind === "reasoning" ? part.text.length : 0), 0);
    const outputChars = output ? messageChars(output) : 0;
    step.completionTokens = estimateTokens(outputChars);
    step.reasoningTokens = estimateTokens(reasoningChars);
    step.status = status;
    step.stopReason = stopReason;
    this.contextChars += outputChars;
  }
}
