import type { ParserEvent, ParserStream } from './parser-types.js';

/**
 * A format's state machine. `step` reads input[from, input.length) and returns how far it got; it
 * may stop short only to hold back a tail that could still become a marker. With `final` set no
 * more input comes, so nothing may be held back.
 */
export interface StreamMachine {
  step(input: string, from: number, final: boolean): number;
  /** Called once after the final step: flush whatever is still open. */
  end(): void;
}

export interface EventSource<E extends ParserEvent> {
  drain(): E[];
}

/**
 * Drives a machine over deltas. The unread remainder is always short (a partial marker), so
 * re-joining it with the next delta costs little and the whole stream stays linear.
 */
export function createMachineStream<E extends ParserEvent>(machine: StreamMachine, events: EventSource<E>): ParserStream<E> {
  let buffer = '';
  let position = 0;
  let finished = false;
  const run = (final: boolean): void => {
    position = machine.step(buffer, position, final);
    if (position >= buffer.length) {
      buffer = '';
      position = 0;
    }
  };
  return {
    push(delta: string): E[] {
      if (finished) throw new Error('parser stream already finished');
      if (delta === '') return [];
      buffer = position === 0 ? buffer + delta : buffer.slice(position) + delta;
      position = 0;
      run(false);
      return events.drain();
    },
    finish(): E[] {
      if (finished) return [];
      finished = true;
      run(true);
      machine.end();
      buffer = '';
      return events.drain();
    },
  };
}
