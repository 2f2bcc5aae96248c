import type { GatewayError } from './errors/gateway-error.js';
import type { RequestWatcher } from './http/request-watcher.js';
import type { StageObserver } from './pipeline/stage-observer.js';

/*
 * Hooks several plugins may each offer, made into the one the kernel calls: every plugin's runs,
 * and a kind no plugin offers costs nothing.
 */

/** One observer for the pipelines, whichever plugins offer one; none when no plugin does. */
export function combineObservers(observers: readonly StageObserver[]): StageObserver | undefined {
  if (observers.length <= 1) return observers[0];
  return {
    stageStarted(x, stage) {
      const ends = observers.map((o) => o.stageStarted(x, stage));
      return (error) => {
        for (const end of ends) end?.(error);
      };
    },
  };
}

/** One request watcher, whichever plugins offer one; none when no plugin does. */
export function combineWatchers(watchers: readonly RequestWatcher[]): RequestWatcher | undefined {
  if (watchers.length <= 1) return watchers[0];
  return {
    requestStarted(request) {
      const watches = watchers.flatMap((w) => {
        const watch = w.requestStarted(request);
        return watch === undefined ? [] : [watch];
      });
      if (watches.length === 0) return undefined;
      return {
        exchangeCreated(x) {
          for (const watch of watches) watch.exchangeCreated?.(x);
        },
        callStarted(call, headers) {
          const ends = watches.map((watch) => watch.callStarted?.(call, headers));
          return (outcome) => {
            for (const end of ends) end?.(outcome);
          };
        },
        finished(outcome) {
          for (const watch of watches) watch.finished(outcome);
        },
      };
    },
  };
}

/** The first reason any plugin gives to hold data-plane traffic (maintenance); none without holds. */
export function combineTrafficHolds(holds: readonly (() => GatewayError | undefined)[]): () => GatewayError | undefined {
  if (holds.length === 0) return () => undefined;
  return () => {
    for (const hold of holds) {
      const reason = hold();
      if (reason !== undefined) return reason;
    }
    return undefined;
  };
}
