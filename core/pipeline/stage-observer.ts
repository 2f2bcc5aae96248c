import type { Exchange } from './exchange.js';

/** Called when a stage's `handle` settles: `error` is what it threw, undefined when it succeeded. */
export type StageFinished = (error: unknown) => void;

/**
 * Watches each stage of each request (a tracer's span per stage). Only pipelines of an app with an
 * observer pay for the call; `stageStarted` may return undefined to skip a request.
 */
export interface StageObserver {
  stageStarted(x: Exchange, stage: string): StageFinished | undefined;
}
