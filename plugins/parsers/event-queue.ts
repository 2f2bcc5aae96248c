import type { ParserEvent } from './parser-types.js';

function withText<T extends { text: string }>(event: T, text: string): T {
  return { ...event, text };
}

/**
 * Collects the events of one push. Adjacent text, reasoning, or same-call argument events merge, so
 * a consumer sees one event per kind and step however the input was split. The merged text is
 * joined once, at drain, so merging many small pieces stays linear.
 */
export class EventQueue<E extends ParserEvent> {
  #events: E[] = [];
  #open: (E & { text: string }) | undefined;
  #pieces: string[] = [];

  add(event: E): void {
    if ('text' in event && typeof event.text === 'string') {
      const open = this.#open;
      if (open !== undefined && open.type === event.type && (!('index' in event) || ('index' in open && open.index === event.index))) {
        this.#pieces.push(event.text);
        return;
      }
      this.#close();
      this.#open = { ...event, text: event.text };
      this.#pieces = [event.text];
      return;
    }
    this.#close();
    this.#events.push(event);
  }

  drain(): E[] {
    this.#close();
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #close(): void {
    const open = this.#open;
    if (open === undefined) return;
    this.#open = undefined;
    const text = this.#pieces.length === 1 ? open.text : this.#pieces.join('');
    this.#pieces = [];
    this.#events.push(withText(open, text));
  }
}
