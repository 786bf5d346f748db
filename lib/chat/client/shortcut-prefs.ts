// Whether the single-key shortcuts (`/`, `c`, `?`) are on: a choice per browser, kept in localStorage and read
// through useSyncExternalStore so every component (and every tab, via the storage event) sees the same value.
import { useCallback, useSyncExternalStore } from "react";

const KEY = "threadline:single-key-shortcuts";
const listeners = new Set<() => void>();
/** The choice when storage is blocked (privacy mode): it lasts until the page is left. */
let unsaved: boolean | null = null;

function read(): boolean {
  try {
    return window.localStorage.getItem(KEY) !== "off";
  } catch {
    return unsaved ?? true;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** [on, setOn]: on by default, and on the server (no shortcut acts before hydration anyway). */
export function useSingleKeyShortcuts(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, read, () => true);
  const set = useCallback((value: boolean) => {
    try {
      if (value) window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, "off");
    } catch {
      unsaved = value;
    }
    for (const listener of listeners) listener();
  }, []);
  return [on, set];
}
