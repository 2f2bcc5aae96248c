import type { ParserEvent } from './parser-types.js';

/**
 * Collects the events of one push. Adjacent text, reasoning, or same-call argument events merge, so
 * a consumer sees one event per kind and step however the input was split.
 */
export class EventQueue<E extends ParserEvent> {
  #events: E[] = [];

  add(event: E): void {
    const last = this.#events[this.#events.length - 1];
    if (last !== undefined && 'text' in event && 'text' in last && last.type === event.type) {
      const sameCall = !('index' in event) || ('index' in last && last.index === event.index);
      if (sameCall) {
        this.#events[this.#events.length - 1] = { ...last, text: last.text + event.text };
        return;
      }
    }
    this.#events.push(event);
  }

  drain(): E[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }
}
