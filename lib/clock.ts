// The app's clock. Usage windows (the UTC day, the calendar month) are read from it, never from `Date.now()`
// directly, so tests can cross midnight and month ends without waiting (as letta-local's Clock lets its tests
// age a run). Production never moves it: only tests call setClockForTests, in their own process.
let offsetMs = 0;

export const clock = {
  now: (): number => Date.now() + offsetMs,
  date: (): Date => new Date(Date.now() + offsetMs),
};

/** Tests only: make `clock` read `at` now (and tick on from there); null goes back to the real time. */
export function setClockForTests(at: Date | number | null): void {
  offsetMs = at === null ? 0 : new Date(at).getTime() - Date.now();
}
