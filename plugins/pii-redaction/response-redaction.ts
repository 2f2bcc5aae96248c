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
  const open = new Map<string, ResponseStream>();
  const slot = (choice: number, kind: TextKind): string => `${choice}:${kind}`;

  const close = (key: string, stream: ResponseStream): void => {
    open.delete(key);
    report(stream.counts());
  };
  const stopFor = (key: string, stream: ResponseStream): TransformStop => {
    close(key, stream);
    return { stop: piiDetectedError('response', stream.counts()) };
  };

  const push = (key: string, text: string, into: RestoreInto): string | TransformStop => {
    let stream = open.get(key);
    if (stream === undefined) {
      stream = plan.createResponseStream(vault, hashKey, into);
      open.set(key, stream);
    }
    const out = stream.push(text);
    return stream.blocked ? stopFor(key, stream) : out;
  };
  const flush = (key: string, reason: FlushReason): string | TransformStop => {
    const stream = open.get(key);
    if (stream === undefined) return '';
    if (reason === 'abort') {
      // Nothing will be sent: drop the held text (it may hold a value) but keep the counts.
      close(key, stream);
      return '';
    }
    const out = stream.flush();
    if (stream.blocked) return stopFor(key, stream);
    close(key, stream);
    return out;
  };

  // Tool-call arguments are JSON text: a mask or placeholder carries no quote or backslash, and a
  // restored value is written as string content, so the arguments stay valid JSON once joined.
  return {
    text: (choice, text, kind) => push(slot(choice, kind), text, 'text'),
    flush: (choice, kind, reason) => flush(slot(choice, kind), reason),
    toolArguments: (choice, call, fragment) => push(`${choice}:tool:${call}`, fragment, 'json'),
    flushToolArguments: (choice, call, reason) => flush(`${choice}:tool:${call}`, reason),
  };
}
