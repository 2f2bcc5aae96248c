import type { Logger } from 'pino';
import { defaultModelOptions, loadClassifier } from './model/load-classifier.js';
import type { PromptClassifier } from './model/classify-result.js';

/** The classifier a plugin holds: loaded on first use, once, and released when the plugin closes. */
export interface SharedClassifier {
  get(): Promise<PromptClassifier>;
  /** Whether it has loaded (health, and whether close has anything to release). */
  readonly state: () => 'not_loaded' | 'loading' | 'loaded' | 'failed';
  /** A user (a stage instance, an API call) holds it until it calls the function returned. */
  retain(): () => void;
  /** A reload replaced it: released as soon as nobody holds it (a request in flight finishes on it). */
  retire(): void;
  close(): Promise<void>;
}

/**
 * The shipped model (models/default), loaded when a stage is created or an API route is first
 * called: a gateway whose config uses no classification never loads onnxruntime. A failed load
 * is remembered (the same files would fail again) so every caller gets the same clear error.
 */
export function createSharedClassifier(logger: Logger, load: () => Promise<PromptClassifier> = () => loadClassifier(defaultModelOptions())): SharedClassifier {
  let pending: Promise<PromptClassifier> | undefined;
  let state: ReturnType<SharedClassifier['state']> = 'not_loaded';
  let holders = 0;
  let retired = false;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    // Once: a retired classifier is closed by its last holder, and the app's close may come after.
    closed ??= pending === undefined ? Promise.resolve() : pending.then((classifier) => classifier.close(), () => undefined);
    return closed;
  };
  const closeIfUnused = (): void => {
    if (retired && holders === 0) {
      close().catch((error: unknown) => logger.warn({ reason: String(error) }, 'classify: releasing a replaced model failed'));
    }
  };
  return {
    get() {
      if (pending === undefined) {
        state = 'loading';
        const started = performance.now();
        pending = load().then(
          (classifier) => {
            state = 'loaded';
            logger.info({ ms: Math.round(performance.now() - started), labels: classifier.labels.length }, 'classify: model loaded');
            return classifier;
          },
          (error: unknown) => {
            state = 'failed';
            throw error;
          },
        );
      }
      return pending;
    },
    state: () => state,
    retain() {
      holders += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holders -= 1;
        closeIfUnused();
      };
    },
    retire() {
      retired = true;
      closeIfUnused();
    },
    close,
  };
}
