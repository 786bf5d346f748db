"use client";

// Jump to a message (a search result): older pages are loaded one by one until its row is in the
// transcript (lib/thread/reveal.ts decides each step), then the row window scrolls it into view,
// anchored so that it stays put while rows around it are measured and more pages arrive; it is
// outlined for a moment and takes focus, so a keyboard or screen reader user lands on it.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { RowSlots } from "@/lib/chat/client/row-slots";
import type { ChatState } from "@/lib/chat/client/reducer";
import { revealStep, type RevealTarget } from "@/lib/thread/reveal";

export type RevealStatus = "idle" | "loading" | "found" | "missing" | "failed";

const HIGHLIGHT_MS = 2_500;

function land(element: HTMLElement) {
  element.dataset.searchHit = "";
  setTimeout(() => delete element.dataset.searchHit, HIGHLIGHT_MS);
  const message = element.querySelector<HTMLElement>("article, [data-message-id]");
  if (message) {
    message.tabIndex = -1;
    message.focus({ preventScroll: true });
  }
}

type Request = RevealTarget & { serial: number; onFound?: () => void };

export function useReveal(
  { state, loadOlder, slotsRef, release }:
  { state: ChatState; loadOlder: () => void; slotsRef: RefObject<RowSlots | null>; release: () => void },
) {
  const [request, setRequest] = useState<Request | null>(null);
  const landed = useRef(0);
  const serial = useRef(0);
  const step = request ? revealStep(state, request) : null;
  const status: RevealStatus = !step ? "idle" : step.type === "load" || step.type === "wait" ? "loading" : step.type;
  const foundKey = step?.type === "found" ? step.key : null;
  const load = step?.type === "load";

  // Acts after every commit the step changes in: the rows it looks at are on screen by then.
  useEffect(() => {
    if (load) loadOlder();
  }, [load, state.cursor, loadOlder]);
  useEffect(() => {
    const slots = slotsRef.current;
    if (!request || !foundKey || !slots || landed.current === request.serial) return;
    landed.current = request.serial;
    release();
    slots.reveal(foundKey, (element) => {
      land(element);
      request.onFound?.();
    });
  }, [request, foundKey, slotsRef, release]);

  const reveal = useCallback((target: RevealTarget, onFound?: () => void) => {
    serial.current += 1;
    setRequest({ id: target.id, role: target.role, serial: serial.current, onFound });
  }, []);

  return { reveal, status };
}
