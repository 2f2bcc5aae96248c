import type { Logger } from 'pino';
import { defaultModelOptions, loadClassifier } from './model/load-classifier.js';
import type { PromptClassifier } from './model/classify-result.js';

/** The classifier a plugin holds: loaded on first use, once, and released when the plugin closes. */
export interface SharedClassifier {
  get(): Promise<PromptClassifier>;
  /** Whether it has loaded (health, and whether close has anything to release). */
  readonly state: () => 'not_loaded' | 'loading' | 'loaded' | 'failed';
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
    async close() {
      if (pending === undefined || state !== 'loaded') return;
      await (await pending).close();
    },
  };
}
