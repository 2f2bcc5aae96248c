import { GatewayError } from '../../core/errors/gateway-error.js';
import type { ResponseTransform, TransformStop } from '../../core/streams/response-transform.js';
import type { PolicyAction } from './policy-contract.js';

export interface PolicyStreamOptions {
  readonly policy: string;
  /**
   * Characters of already-judged text held back and shown again with the next delta, so that a
   * value split across two deltas (a key, an email) is seen whole. 0: each delta on its own.
   */
  readonly lookbehind: number;
  /** The policy's OnStreamChunk on one piece of text; throws when the policy failed. */
  readonly judge: (delta: string, index: number, choice: number, lookbehind: number) => Promise<PolicyAction>;
}

/**
 * OnStreamChunk as a response transform: the policy sees each piece of a choice's answer text in
 * order and may keep it, rewrite it, or stop the stream with an in-band error. With a look-behind
 * window the last `lookbehind` characters of what it returned are held and prepended to the next
 * delta (so the policy judges them twice: a redaction policy must be idempotent, as masking an
 * already-masked value is), and released when the choice finishes. A JSON answer is one piece.
 */
export function createPolicyStreamTransform(options: PolicyStreamOptions): ResponseTransform {
  const pending = new Map<number, string>();
  let index = 0;
  const stop = (reason: string): TransformStop => ({
    stop: new GatewayError('GW_ERR_WASM_POLICY_REJECTED', reason === '' ? 'Stopped by policy.' : reason),
  });
  return {
    async text(choice, text, kind) {
      if (kind !== 'text' || text === '') return text;
      const held = pending.get(choice) ?? '';
      const input = held + text;
      let action: PolicyAction;
      try {
        action = await options.judge(input, index++, choice, held.length);
      } catch {
        return stop(`The policy "${options.policy}" failed; the stream was stopped.`);
      }
      if (action.action === 'reject') return stop(action.reason);
      const replaced = action.action === 'modify' ? action.body?.['delta'] : undefined;
      const out = typeof replaced === 'string' ? replaced : input;
      if (options.lookbehind === 0) return out;
      const cut = Math.max(0, out.length - options.lookbehind);
      pending.set(choice, out.slice(cut));
      return out.slice(0, cut);
    },
    flush(choice, kind) {
      if (kind !== 'text') return '';
      const rest = pending.get(choice) ?? '';
      pending.delete(choice);
      return rest;
    },
  };
}
