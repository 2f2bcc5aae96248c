import type { FlushReason, ResponseTransform, TextKind, TransformStop } from '../../core/streams/response-transform.js';
import type { RedactionPlan, ResponseStream } from './build-redaction-plan.js';
import type { EntityCounts } from './entity-tally.js';
import { piiDetectedError } from './pii-detected-error.js';
import type { RestoreInto } from './placeholder-restorer.js';
import type { PlaceholderVault } from './placeholder-vault.js';

/**
 * The answer's side of the stage, as a response transform: one redactor (and, in restore mode,
 * one placeholder restorer) per choice and kind (answer text, reasoning) and per tool call's arguments. A stream's deltas and a
 * JSON answer's whole text go through the same code; the redactor holds back only a tail that
 * could still become an entity (or a placeholder), so an entity split across deltas is still
 * caught. `report` receives each choice's counts once, when it ends (finished, stopped or aborted).
 */
export function createResponseRedaction(plan: RedactionPlan, vault: PlaceholderVault | undefined, report: (counts: EntityCounts) => void, hashKey?: string): ResponseTransform {
  return new ResponseRedaction(plan, vault, report, hashKey);
}

// A class rather than a literal of closures: it is made per request (see the README's figures).
// Tool-call arguments are JSON text: a mask or placeholder carries no quote or backslash, and a
// restored value is written as string content, so the arguments stay valid JSON once joined.
class ResponseRedaction implements ResponseTransform {
  readonly #open = new Map<string, ResponseStream>();
  readonly #plan: RedactionPlan;
  readonly #vault: PlaceholderVault | undefined;
  readonly #report: (counts: EntityCounts) => void;
  readonly #hashKey: string | undefined;

  constructor(plan: RedactionPlan, vault: PlaceholderVault | undefined, report: (counts: EntityCounts) => void, hashKey: string | undefined) {
    this.#plan = plan;
    this.#vault = vault;
    this.#report = report;
    this.#hashKey = hashKey;
  }

  text(choice: number, text: string, kind: TextKind): string | TransformStop {
    return this.#push(`${choice}:${kind}`, text, 'text');
  }

  flush(choice: number, kind: TextKind, reason: FlushReason): string | TransformStop {
    return this.#flush(`${choice}:${kind}`, reason);
  }

  toolArguments(choice: number, call: number, fragment: string): string | TransformStop {
    return this.#push(`${choice}:tool:${call}`, fragment, 'json');
  }

  flushToolArguments(choice: number, call: number, reason: FlushReason): string | TransformStop {
    return this.#flush(`${choice}:tool:${call}`, reason);
  }

  #push(key: string, text: string, into: RestoreInto): string | TransformStop {
    let stream = this.#open.get(key);
    if (stream === undefined) {
      stream = this.#plan.createResponseStream(this.#vault, this.#hashKey, into);
      this.#open.set(key, stream);
    }
    const out = stream.push(text);
    return stream.blocked ? this.#stopFor(key, stream) : out;
  }

  #flush(key: string, reason: FlushReason): string | TransformStop {
    const stream = this.#open.get(key);
    if (stream === undefined) return '';
    if (reason === 'abort') {
      // Nothing will be sent: drop the held text (it may hold a value) but keep the counts.
      this.#close(key, stream);
      return '';
    }
    const out = stream.flush();
    if (stream.blocked) return this.#stopFor(key, stream);
    this.#close(key, stream);
    return out;
  }

  #close(key: string, stream: ResponseStream): void {
    this.#open.delete(key);
    this.#report(stream.counts());
  }

  #stopFor(key: string, stream: ResponseStream): TransformStop {
    this.#close(key, stream);
    return { stop: piiDetectedError('response', stream.counts()) };
  }
}
