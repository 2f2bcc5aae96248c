import { GatewayError } from '../errors/gateway-error.js';
import type { Exchange } from './exchange.js';
import type { ResponseEnd, Stage } from './stage-contract.js';

export interface NamedStage {
  readonly name: string;
  readonly stage: Stage;
  /** May call `next()` again after it settled (a tool loop's next turn); see StageDefinition. */
  readonly repeatsNext?: boolean;
}

export type ComposedPipeline = (x: Exchange) => Promise<void>;

/**
 * The end-of-response phase: each stage whose `handle` ran, innermost first (`x.reached` says how
 * far the request got). One stage's failure here never stops the others'.
 */
export function endStages(stages: readonly NamedStage[], x: Exchange, end: ResponseEnd, onError: (stage: string, err: unknown) => void): void {
  for (let i = Math.min(x.reached, stages.length - 1); i >= 0; i--) {
    const named = stages[i]!;
    if (named.stage.onResponseEnd === undefined) continue;
    try {
      named.stage.onResponseEnd(x, end);
    } catch (err) {
      onError(named.name, err);
    }
  }
}

export interface ComposeOptions {
  /**
   * Development guard: fail a request whose stage returned before the next() it called settled
   * (a missing `await next()`), which would otherwise write a response before downstream stages
   * ran. Costs one extra promise per stage, so production leaves it off.
   */
  readonly guardMissingAwait: boolean;
}

/** koajs/compose semantics over stages: forward on the way in, reverse on the way out. */
export function composeStages(stages: readonly NamedStage[], options: ComposeOptions): ComposedPipeline {
  const list = [...stages];
  return function runPipeline(x: Exchange): Promise<void> {
    let lastIndex = -1;
    const dispatch = async (index: number): Promise<void> => {
      if (index <= lastIndex && list[index - 1]?.repeatsNext !== true) {
        const name = list[index - 1]?.name ?? 'unknown';
        throw new GatewayError('GW_ERR_PIPELINE_NEXT_CALLED_TWICE', `Stage "${name}" called next() more than once.`);
      }
      lastIndex = index;
      const current = list[index];
      if (current === undefined) return;
      // The client has gone and the end phase ran for the stages reached so far: one entered now
      // would hold what it takes (worker slots, policy leases, budget) with no end to release it.
      if (x.signal.aborted) throw x.signal.reason;
      x.reached = index;
      if (!options.guardMissingAwait) {
        return current.stage.handle(x, () => dispatch(index + 1));
      }
      let downstream: Promise<void> | undefined;
      let settled = false;
      await current.stage.handle(x, () => {
        downstream = dispatch(index + 1).finally(() => {
          settled = true;
        });
        return downstream;
      });
      if (downstream !== undefined && !settled) {
        // The orphaned chain may still reject; nobody awaits it any more.
        downstream.catch(() => undefined);
        throw new GatewayError(
          'GW_ERR_PIPELINE_NEXT_NOT_AWAITED',
          `Stage "${current.name}" returned before next() settled: it must \`await next()\`.`,
        );
      }
    };
    return dispatch(0);
  };
}
