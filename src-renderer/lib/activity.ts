/**
 * Main's idle auto-lock only sees calls. Typing a long form makes none, so
 * user input is reported as `session.touch`, at most once per interval.
 */
export function trackActivity(touch: () => void, intervalMs = 60_000): () => void {
  let last = 0;
  const onInput = (): void => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    touch();
  };
  const events = ['keydown', 'pointerdown', 'wheel'] as const;
  for (const name of events) window.addEventListener(name, onInput, { passive: true, capture: true });
  return () => {
    for (const name of events) window.removeEventListener(name, onInput, { capture: true });
  };
}
