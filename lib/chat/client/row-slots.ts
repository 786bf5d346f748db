// Windowing for a long transcript: only the rows near the viewport are mounted;
// the others are stood in for by the list's top and bottom padding, sized from
// their measured heights (or an estimate per kind, for rows never mounted).
//
// Because rows come and go above the viewport, and a mounted row's real height
// replaces its estimate, the content moves under the reader. RowSlots keeps the
// reader's place itself (the scroller has overflow-anchor: none, so every
// browser behaves the same): it remembers the first row in view and where it sat
// in the scroll content, and after every commit and every row resize it scrolls
// by exactly how far that row moved. Following the bottom stays with
// hooks/use-scroll-anchor.ts; while it follows, RowSlots leaves the scroll alone,
// except for an older page that lands in the frame the reader scrolled up in
// (scrolledUpUnheard).
// hooks/use-row-window.ts connects it to the list's renders, scrolling and focus.
import { startTransition, type RefObject } from "react";
import { anchorAt, keepAnchor, type ReadingAnchor } from "@/lib/chat/client/reading-anchor";
import type { Row } from "@/lib/chat/client/rows";
import {
  holdsInView, listHeight, offsetsOf, resolveSpan, spanHeight, stepToward, WINDOW_FROM_ROWS, windowFor,
  type Chosen, type Offsets, type Span,
} from "@/lib/chat/client/row-window";

/** First guesses per kind, px; replaced by the running mean of measured rows of that kind. */
const ESTIMATE: Record<Row["kind"], number> = { user: 48, assistant: 160, reasoning: 28, tool: 28, summary: 36 };

type Kind = Row["kind"];

/** Heights, mounted elements and the reading position: mutable, outside React state. */
export class RowSlots {
  private readonly heights = new Map<string, number>();
  private readonly sums = new Map<Kind, { total: number; count: number }>();
  private readonly elements = new Map<string, HTMLElement>();
  private readonly kinds = new WeakMap<HTMLElement, { key: string; kind: Kind }>();
  private observer: ResizeObserver | null = null;
  /** The first row in view and its top in scroll-content coordinates. */
  private anchor: ReadingAnchor | null = null;
  /**
   * While following the bottom: a row in view and its content top, and the scroll position, as of the last
   * scroll event (see scrolled). A page prepended in the same frame as a scroll up is placed by them.
   */
  private followed: { anchor: ReadingAnchor | null; scrollTop: number } | null = null;
  /** The row holding keyboard focus, to hand focus to the scroller if that row is unmounted. */
  private focusedKey: string | null = null;
  private gap = 0;
  private rows: readonly Row[] = [];
  /** What the last commit mounted, and what the last layout asked for next (kept by keys, see resolveSpan). */
  private span: Span = { start: 0, end: 0 };
  private choice: Chosen | null = null;
  private growTimer: ReturnType<typeof setTimeout> | null = null;
  /** Offsets of the last layout, reused while neither the rows' keys nor any height changed (a token only grows text). */
  private cache: { offsets: Offsets; count: number; first: string; last: string; version: number } | null = null;
  private version = 0;
  private viewport = 0;
  private view: {
    scroller: HTMLElement;
    list: HTMLElement;
    stuck: RefObject<boolean>;
    /** Lets go of the bottom (use-scroll-anchor.ts's release). */
    release: () => void;
    show: (chosen: Chosen) => void;
  } | null = null;
  /** A row to bring into view as soon as it is mounted (a search result), and who to tell. */
  private revealing: { key: string; done: (element: HTMLElement) => void } | null = null;

  /**
   * Render: the rows to mount and the room the others take. `shown` is the span React state holds
   * (set by settle), so an urgent render (a token) keeps what is committed while a transition
   * renders the next span; before the list is first windowed it is null and the last choice is used.
   */
  layout(rows: readonly Row[], shown: Chosen | null): { span: Span; padTop: number; padBottom: number } {
    const span = resolveSpan((i) => rows[i]!.key, rows.length, shown ?? this.choice);
    const offsets = this.offsets(rows);
    return { span, padTop: spanHeight(offsets, 0, span.start), padBottom: spanHeight(offsets, span.end, rows.length) };
  }

  private offsets(rows: readonly Row[]): Offsets {
    const count = rows.length;
    const first = rows[0]?.key ?? "";
    const last = rows[count - 1]?.key ?? "";
    const c = this.cache;
    if (c && c.count === count && c.first === first && c.last === last && c.version === this.version && c.offsets.gap === this.gap) {
      return c.offsets;
    }
    const offsets = offsetsOf(count, (i) => this.heightOf(rows[i]!), this.gap);
    this.cache = { offsets, count, first, last, version: this.version };
    return offsets;
  }

  /** Layout effect, after every commit: what is mounted now, measured; then settle. */
  committed(rows: readonly Row[], span: Span, view: NonNullable<RowSlots["view"]>): void {
    // An older page: rows now stand above the ones that were first.
    const prepended = this.rows.length > 0 && rows.length > this.rows.length && rows[0]?.key !== this.rows[0]?.key;
    this.rows = rows;
    this.span = span;
    this.view = view;
    this.gap ||= parseFloat(getComputedStyle(view.list).rowGap) || 0;
    this.measureNew();
    if (prepended) this.scrolledUpUnheard(view);
    this.settle(true);
    this.finishReveal();
    // The focused row scrolled out of the window: keep focus in the transcript, not on <body>.
    if (this.focusedKey && !this.elements.has(this.focusedKey) && document.activeElement === document.body) {
      this.focusedKey = null;
      view.scroller.focus({ preventScroll: true });
    }
  }

  /**
   * After every commit, row resize and scroll: keep the reader's place, then pick the rows to mount.
   * Below WINDOW_FROM_ROWS everything is mounted; the choice is still kept, so the first page that
   * crosses the threshold keeps the rows in view mounted.
   *
   * Rows in view that are not mounted yet come first: right after a commit, before paint, only they
   * (a send from the top of a long thread jumps to its bottom: the rows there, not a whole window of
   * them, in the click's task); after a scroll or a resize, as a transition (the overscan is on screen
   * meanwhile). The rest of the window (the overscan) then grows a few rows per task (scheduleGrow).
   */
  settle(inCommit = false): void {
    const view = this.view;
    if (!view) return;
    const following = view.stuck.current;
    // While following the bottom (a reply streaming in) nothing is read from the DOM: no forced layout
    // per token. There is no place to keep either; the first scroll away records one.
    if (following) this.anchor = null;
    else {
      keepAnchor(view.scroller, this.anchor, this.elements);
      this.anchor = this.anchorHere(view.scroller);
    }
    if (this.rows.length === 0) return;
    const { target, inView } = this.choose(view.scroller, view.list, following);
    this.choice = this.chosen(target);
    const windowed = this.rows.length > WINDOW_FROM_ROWS;
    if (!windowed || sameSpan(target, this.span)) return;
    if (holdsInView(this.span, inView)) return this.scheduleGrow();
    const choice = this.choice;
    if (inCommit) view.show(this.chosen(stepToward(this.span, target, inView, 0)));
    else startTransition(() => view.show(choice));
  }

  /** A scroll event: while following the bottom, where the view is now (for scrolledUpUnheard); then settle. */
  scrolled(): void {
    const view = this.view;
    this.followed = view?.stuck.current ? { anchor: this.anchorHere(view.scroller), scrollTop: view.scroller.scrollTop } : null;
    this.settle();
  }

  /**
   * A page was prepended while the view follows the bottom. Had the reader scrolled up in this same frame
   * (Home, a scrollbar drag, a touch: no wheel event to say so), the scroll event that lets go of the bottom
   * comes with the next frame, after this commit, and the rows added above would push what they are looking at
   * down by the page's height. The scroll position tells it now: let go, and keep their place by the row that
   * was in view at the last scroll event (its content top moved by exactly what was added above it).
   */
  private scrolledUpUnheard(view: NonNullable<RowSlots["view"]>): void {
    const followed = this.followed;
    if (!view.stuck.current || !followed || view.scroller.scrollTop >= followed.scrollTop - 1) return;
    view.release();
    this.followed = null;
    this.anchor = followed.anchor;
  }

  /** A step of the window towards the span chosen for it, in a task of its own (see stepToward). */
  private scheduleGrow(): void {
    this.growTimer ??= setTimeout(() => {
      this.growTimer = null;
      const view = this.view;
      if (!view || this.rows.length <= WINDOW_FROM_ROWS) return;
      const { target, inView } = this.choose(view.scroller, view.list, view.stuck.current);
      const next = stepToward(this.span, target, inView);
      // An ordinary update, not a transition: a transition would restart on every streamed token.
      if (!sameSpan(next, this.span)) view.show(this.chosen(next));
    }, 0);
  }

  private chosen(span: Span): Chosen {
    return { startKey: this.rows[span.start]!.key, endKey: this.rows[span.end - 1]!.key, hint: span };
  }

  /** The list is unmounting: no more steps. */
  dispose(): void {
    if (this.growTimer !== null) clearTimeout(this.growTimer);
    this.growTimer = null;
  }

  /**
   * Brings a row into view (the caller has let go of the bottom first). A mounted row is scrolled to at
   * once; one outside the window is scrolled to where its estimated offset puts it, and the commit that
   * mounts it scrolls it into place. Either way the row then becomes the reading anchor, so rows measured
   * or pages prepended afterwards do not move it. `done` gets its element.
   */
  reveal(key: string, done: (element: HTMLElement) => void): void {
    const view = this.view;
    const index = this.rows.findIndex((row) => row.key === key);
    if (!view || index < 0) return;
    this.revealing = { key, done };
    if (this.elements.has(key)) return this.finishReveal();
    const { scroller, list } = view;
    const listTop = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    this.anchor = null;
    scroller.scrollTop = listTop + spanHeight(this.offsets(this.rows), 0, index) - scroller.clientHeight / 3;
    this.settle();
  }

  private finishReveal(): void {
    const view = this.view;
    const target = this.revealing;
    const element = target && this.elements.get(target.key);
    if (!view || !target || !element) return;
    this.revealing = null;
    const { scroller } = view;
    const box = element.getBoundingClientRect();
    // A third of the way down (or its top, for a row taller than that leaves room for).
    const room = scroller.clientHeight - box.height;
    const offset = room > 0 ? Math.min(room / 2, scroller.clientHeight / 3) : 16;
    scroller.scrollTop += box.top - scroller.getBoundingClientRect().top - offset;
    this.anchor = this.anchorHere(scroller);
    target.done(element);
  }

  focusMoved(target: EventTarget | null): void {
    this.focusedKey = (target as Element | null)?.closest<HTMLElement>("[data-row-key]")?.dataset.rowKey ?? null;
  }

  heightOf(row: Row): number {
    const measured = this.heights.get(row.key);
    if (measured !== undefined) return measured;
    const sum = this.sums.get(row.kind);
    return sum ? sum.total / sum.count : ESTIMATE[row.kind];
  }

  /** Stores a measured height; true when it changed. */
  private record(key: string, kind: Kind, height: number): boolean {
    const old = this.heights.get(key);
    if (old !== undefined && Math.abs(old - height) < 0.5) return false;
    const sum = this.sums.get(kind) ?? { total: 0, count: 0 };
    if (old === undefined) sum.count += 1;
    sum.total += height - (old ?? 0);
    this.sums.set(kind, sum);
    this.heights.set(key, height);
    this.version += 1;
    return true;
  }

  /** Called by each mounted row (RowSlot); returns its cleanup. */
  attach(key: string, kind: Kind, element: HTMLElement): () => void {
    this.elements.set(key, element);
    this.kinds.set(element, { key, kind });
    this.observer ??= new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const info = this.kinds.get(entry.target as HTMLElement);
        const height = entry.borderBoxSize?.[0]?.blockSize ?? entry.target.getBoundingClientRect().height;
        if (info && this.record(info.key, info.kind, height)) changed = true;
      }
      if (changed) this.settle();
    });
    this.observer.observe(element);
    return () => {
      this.observer?.unobserve(element);
      if (this.elements.get(key) === element) this.elements.delete(key);
    };
  }

  /** Rows mounted this commit are measured at once (their ResizeObserver report comes after layout). */
  private measureNew(): void {
    for (let i = this.span.start; i < this.span.end; i++) {
      const row = this.rows[i]!;
      const element = this.elements.get(row.key);
      if (element && !this.heights.has(row.key)) this.record(row.key, row.kind, element.getBoundingClientRect().height);
    }
  }

  /** The first row in view now, as an anchor (reading-anchor.ts). */
  private anchorHere(scroller: HTMLElement): ReadingAnchor | null {
    return anchorAt(scroller, this.span, (i) => this.rows[i]?.key, this.elements);
  }

  /**
   * The span to mount for the current scroll position (from the bottom while following it), and the rows
   * actually in view.
   */
  private choose(scroller: HTMLElement, list: HTMLElement, followingBottom: boolean): { target: Span; inView: Span } {
    const heights = this.offsets(this.rows);
    let top: number;
    if (followingBottom) {
      // The viewport's height as last measured (reading it now would force a layout).
      this.viewport ||= scroller.clientHeight;
      top = listHeight(heights) - this.viewport;
    } else {
      this.viewport = scroller.clientHeight;
      top = scroller.getBoundingClientRect().top - list.getBoundingClientRect().top;
    }
    const bottom = top + this.viewport;
    return { target: windowFor(heights, top, bottom), inView: windowFor(heights, top, bottom, 0) };
  }
}

const sameSpan = (a: Span, b: Span) => a.start === b.start && a.end === b.end;
