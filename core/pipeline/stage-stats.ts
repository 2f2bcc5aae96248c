/**
 * What each stage did on each route since the gateway started: the dashboard's per-stage counters.
 * Kept by (route, stage) across pipeline generations, so a config reload does not zero them.
 */
export interface StageCounters {
  /** Requests whose pipeline entered the stage. */
  seen: number;
  /** The stage itself failed the request (a refusal such as 401/403/429, or an error it threw). */
  rejected: number;
  /** The stage answered without passing the request on (a cache hit); never counted for the terminal stage. */
  answered: number;
  /** The stage changed the model asked for or added a response transform. */
  rewritten: number;
  /** Time in the stage's own code, on the way in and out, without the stages after it. */
  selfMs: number;
}

export function zeroCounters(): StageCounters {
  return { seen: 0, rejected: 0, answered: 0, rewritten: 0, selfMs: 0 };
}

export interface StageStatsSnapshot {
  readonly stage: string;
  readonly seen: number;
  readonly rejected: number;
  readonly answered: number;
  readonly rewritten: number;
  readonly self_ms: number;
}

export class StageStatsTable {
  private readonly byRoute = new Map<string, Map<string, StageCounters>>();

  /** The live counters of one stage on one route, created at zero the first time. */
  countersFor(route: string, stage: string): StageCounters {
    let stages = this.byRoute.get(route);
    if (stages === undefined) {
      stages = new Map();
      this.byRoute.set(route, stages);
    }
    let counters = stages.get(stage);
    if (counters === undefined) {
      counters = zeroCounters();
      stages.set(stage, counters);
    }
    return counters;
  }

  /** The stages of a route, in the order given (the pipeline's), with what they counted so far. */
  snapshot(route: string, stages: readonly string[]): StageStatsSnapshot[] {
    return stages.map((stage) => {
      const c = this.byRoute.get(route)?.get(stage);
      return {
        stage,
        seen: c?.seen ?? 0,
        rejected: c?.rejected ?? 0,
        answered: c?.answered ?? 0,
        rewritten: c?.rewritten ?? 0,
        self_ms: Math.round((c?.selfMs ?? 0) * 1000) / 1000,
      };
    });
  }
}
