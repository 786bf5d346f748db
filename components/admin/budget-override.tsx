"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { putBudgetOverride, type BudgetOverride, type BudgetValue } from "@/lib/admin/client/api";
import { ApiError } from "@/lib/api/client/request";

type Field = keyof BudgetOverride;
const FIELDS: { key: Field; label: string }[] = [
  { key: "messagesPerDay", label: "Messages per day" },
  { key: "tokensPerDay", label: "Tokens per day" },
  { key: "tokensPerMonth", label: "Tokens per month" },
];
type Mode = "default" | "unlimited" | "custom";
const modeOf = (v: BudgetValue): Mode => (typeof v === "number" ? "custom" : v);

/**
 * The user's budget override: each limit the role's default, unlimited, or a number (0 = no chat at all).
 * Saving is audited with before and after; the gate applies it from the user's next send.
 */
export function BudgetOverrideForm({ userId, override, defaults }: {
  userId: string; override: BudgetOverride; defaults: Record<Field, number | null>;
}) {
  const router = useRouter();
  const id = useId();
  const [modes, setModes] = useState<Record<Field, Mode>>({
    messagesPerDay: modeOf(override.messagesPerDay), tokensPerDay: modeOf(override.tokensPerDay), tokensPerMonth: modeOf(override.tokensPerMonth),
  });
  const [numbers, setNumbers] = useState<Record<Field, string>>({
    messagesPerDay: typeof override.messagesPerDay === "number" ? String(override.messagesPerDay) : "",
    tokensPerDay: typeof override.tokensPerDay === "number" ? String(override.tokensPerDay) : "",
    tokensPerMonth: typeof override.tokensPerMonth === "number" ? String(override.tokensPerMonth) : "",
  });
  const [status, setStatus] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const value = (key: Field): BudgetValue => {
    if (modes[key] !== "custom") return modes[key] as "default" | "unlimited";
    const text = numbers[key].trim();
    // Sent as typed when it is not a plain whole number, so the server's 400 names the problem.
    return /^\d+$/.test(text) ? Number(text) : (text as unknown as number);
  };

  const save = async () => {
    setSaving(true);
    setStatus(null);
    try {
      await putBudgetOverride({ userId, override: { messagesPerDay: value("messagesPerDay"), tokensPerDay: value("tokensPerDay"), tokensPerMonth: value("tokensPerMonth") } });
      setStatus({ tone: "ok", text: "Saved. It applies from their next message." });
      router.refresh();
    } catch (error) {
      setStatus({ tone: "error", text: error instanceof ApiError ? error.message : "Could not save." });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      data-testid="budget-override"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {FIELDS.map(({ key, label }) => (
        <fieldset key={key} className="grid grid-cols-[minmax(0,1fr)] gap-1.5 text-sm">
          <legend className="mb-1 font-medium">{label}</legend>
          <div className="flex gap-2">
            <label htmlFor={`${id}-${key}-mode`} className="sr-only">{label}: which limit</label>
            <select
              id={`${id}-${key}-mode`}
              data-testid={`budget-${key}-mode`}
              value={modes[key]}
              onChange={(event) => setModes((m) => ({ ...m, [key]: event.target.value as Mode }))}
              className="h-9 min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900"
            >
              <option value="default">Role default ({defaults[key] === null ? "unlimited" : defaults[key]!.toLocaleString("en-US")})</option>
              <option value="unlimited">Unlimited</option>
              <option value="custom">Custom</option>
            </select>
            {modes[key] === "custom" ? (
              <>
                <label htmlFor={`${id}-${key}-value`} className="sr-only">{label}: limit</label>
                <input
                  id={`${id}-${key}-value`}
                  data-testid={`budget-${key}-value`}
                  inputMode="numeric"
                  value={numbers[key]}
                  onChange={(event) => setNumbers((v) => ({ ...v, [key]: event.target.value }))}
                  placeholder="0 = none"
                  className="h-9 w-32 rounded-lg border border-zinc-300 bg-white px-2 tabular-nums dark:border-zinc-700 dark:bg-zinc-900"
                />
              </>
            ) : null}
          </div>
        </fieldset>
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={saving} data-testid="budget-save">{saving ? "Saving…" : "Save limits"}</Button>
        {status ? (
          <p role={status.tone === "error" ? "alert" : "status"} data-testid="budget-status"
            className={`text-sm ${status.tone === "error" ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}>
            {status.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
