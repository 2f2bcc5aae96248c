import { GatewayError } from '../errors/gateway-error.js';
import type { Exchange } from './exchange.js';
import type { ResponseEnd, Stage } from './stage-contract.js';
import type { StageObserver } from './stage-observer.js';
import { zeroCounters, type StageCounters } from './stage-stats.js';

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
  /** Each stage's counters, in the same order as the stages; fresh ones when not given. */
  readonly counters?: readonly StageCounters[];
  readonly observer?: StageObserver;
}

/** koajs/compose semantics over stages: forward on the way in, reverse on the way out. */
export function composeStages(stages: readonly NamedStage[], options: ComposeOptions): ComposedPipeline {
  const list = [...stages];
  const counters = options.counters === undefined ? list.map(() => zeroCounters()) : [...options.counters];
  if (counters.length !== list.length) throw new Error('composeStages: one counters object per stage');
  const { observer, guardMissingAwait } = options;
  const terminalIndex = list.length - 1;
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
      if (x.cancel.aborted) throw x.cancel.reason;
      x.reached = index;
      const count = counters[index]!;
      count.seen += 1;
      const finished = observer?.stageStarted(x, current.name);
      const modelBefore = x.request.model;
      let transformsOwn = x.transforms.length;
      let changed = false;
      let passedOn = false;
      // Self time: from entry to next(), then from next() settling to the stage's own return.
      let since = performance.now();
      // A stage that rethrows (or wraps, e.g. adding headers) a later stage's failure did not refuse.
      let downstreamFailed = false;
      let downstream: Promise<void> | undefined;
      let settled = false;
      const next = (): Promise<void> => {
        const now = performance.now();
        count.selfMs += now - since;
        if (!passedOn) {
          passedOn = true;
          changed = x.request.model !== modelBefore || x.transforms.length !== transformsOwn;
        }
        const run = dispatch(index + 1).then(
          () => {
            since = performance.now();
            transformsOwn = x.transforms.length;
          },
          (err: unknown) => {
            since = performance.now();
            transformsOwn = x.transforms.length;
            downstreamFailed = true;
            throw err;
          },
        );
        if (!guardMissingAwait) return run;
        downstream = run.finally(() => {
          settled = true;
        });
        return downstream;
      };
      try {
        await current.stage.handle(x, next);
      } catch (err) {
        count.selfMs += performance.now() - since;
        if (!downstreamFailed) count.rejected += 1;
        finished?.(err);
        throw err;
      }
      count.selfMs += performance.now() - since;
      if (changed || x.transforms.length !== transformsOwn) count.rewritten += 1;
      if (!passedOn && index !== terminalIndex) count.answered += 1;
      if (downstream !== undefined && !settled) {
        // The orphaned chain may still reject; nobody awaits it any more.
        downstream.catch(() => undefined);
        const err = new GatewayError('GW_ERR_PIPELINE_NEXT_NOT_AWAITED', `Stage "${current.name}" returned before next() settled: it must \`await next()\`.`);
        finished?.(err);
        throw err;
      }
      finished?.(undefined);
    };
    return dispatch(0);
  };
}
