// Runs `load` once, when the page is first likely to need what it loads: on the user's first interaction (a key,
// a pointer, a wheel or touch, typing), or once the page has loaded and the main thread is idle, whichever comes
// first. For a chunk the first paint does without (the Markdown renderer, for a history the server has already
// rendered) but a reply or an older page will want at once: it is there before them, and not on the page's
// critical path.
const EVENTS = ["pointerdown", "keydown", "wheel", "touchstart", "input"] as const;
const IDLE_TIMEOUT_MS = 3000;

export function onFirstNeed(load: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    for (const type of EVENTS) window.removeEventListener(type, run, true);
    load();
  };
  for (const type of EVENTS) window.addEventListener(type, run, { capture: true, passive: true });
  const whenIdle = () => {
    if ("requestIdleCallback" in window) window.requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(run, 200);
  };
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
}
