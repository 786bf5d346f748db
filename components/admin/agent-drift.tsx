import type { AgentDrift } from "@/lib/admin/agent-drift";
import { Alert } from "@/components/ui/alert";

const Command = ({ children }: { children: React.ReactNode }) => <code className="font-mono text-[13px]">{children}</code>;

function Lines({ lines, testId }: { lines: string[]; testId: string }) {
  return (
    <ul data-testid={testId} className="mt-2 space-y-0.5 font-mono text-[13px] leading-6">
      {lines.map((line, i) => <li key={i} className="break-words">{line}</li>)}
    </ul>
  );
}

/** Whether the live shared agent matches agent.yaml; differences are listed, never fixed from here. */
export function AgentDriftPanel({ drift }: { drift: AgentDrift | null }) {
  if (!drift) return <Alert testId="agent-drift">Could not compare the live agent with agent.yaml.</Alert>;
  const warnings = "warnings" in drift && drift.warnings.length ? <Lines lines={drift.warnings.map((w) => `⚠ ${w}`)} testId="agent-drift-warnings" /> : null;
  const notices = "notices" in drift && drift.notices.length ? <Lines lines={drift.notices} testId="agent-drift-notices" /> : null;
  return (
    <section data-testid="agent-drift" data-state={drift.state} aria-label="agent.yaml">
      {drift.state === "in-sync" ? (
        <Alert tone="success">
          <strong>In sync</strong> with <Command>agent.yaml</Command>.{notices}{warnings}
        </Alert>
      ) : drift.state === "drift" ? (
        // A warning, not an error: the app works, but the agent is not what was reviewed.
        <Alert tone="warning">
          <strong>The live agent differs from <Command>agent.yaml</Command></strong> ({drift.changes.length}):
          <Lines lines={drift.changes} testId="agent-drift-changes" />
          {notices}{warnings}
          <p className="mt-2">Run <Command>npm run agent:apply</Command> to make it match (add <Command>--recompile</Command> to refresh existing conversations).</p>
        </Alert>
      ) : drift.state === "missing" ? (
        <Alert tone="info">The agent named in <Command>agent.yaml</Command> does not exist yet; it is created from the file on first use.{warnings}</Alert>
      ) : (
        <Alert>
          <strong><Command>agent.yaml</Command> is invalid</strong>, so the live agent cannot be compared with it:
          <Lines lines={drift.errors} testId="agent-drift-errors" />
        </Alert>
      )}
    </section>
  );
}
