import type { EventMap, EventName } from '../../src-shared/events.js';

type Listener<E extends EventName> = (payload: EventMap[E]) => void;

/** Typed fan-out of main-to-renderer events; each face forwards them its own way. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<never>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as Listener<E>)(payload);
    }
  }
}
