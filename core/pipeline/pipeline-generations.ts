import type { RoutePipeline } from './build-pipelines.js';
import type { PipelinesConfig } from '../config/gateway-config.js';

/**
 * One immutable set of route pipelines. Requests lease the generation that was current when they
 * arrived and release it when their response has fully left (streams included), so a reload never
 * changes a request's pipeline halfway.
 */
export class PipelineGeneration {
  #inFlight = 0;
  #retired = false;
  #drained: (() => void) | undefined;

  constructor(
    readonly id: number,
    readonly pipelines: ReadonlyMap<string, RoutePipeline>,
    /** The pipeline config these were built from. */
    readonly config: PipelinesConfig,
    /** Short hash of the whole config this generation serves (`x-config-version`). */
    readonly version: string,
  ) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  lease(): () => void {
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
      if (this.#retired && this.#inFlight === 0) this.#drained?.();
    };
  }

  /** Resolves once the last lease is released, then closes every stage. */
  async retire(): Promise<void> {
    this.#retired = true;
    if (this.#inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
      });
    }
    await Promise.allSettled([...this.pipelines.values()].map((p) => p.close()));
  }
}

export class GenerationHolder {
  #current: PipelineGeneration;
  #nextId: number;

  constructor(pipelines: ReadonlyMap<string, RoutePipeline>, config: PipelinesConfig, version = '') {
    this.#current = new PipelineGeneration(1, pipelines, config, version);
    this.#nextId = 2;
  }

  /** The pipeline config of the current generation. */
  get config(): PipelinesConfig {
    return this.#current.config;
  }

  get current(): PipelineGeneration {
    return this.#current;
  }

  /**
   * Installs a fully built set of pipelines in one assignment; the old generation keeps serving the
   * requests that leased it and is closed when they finish. The returned promise settles then.
   */
  swap(pipelines: ReadonlyMap<string, RoutePipeline>, config: PipelinesConfig, version = ''): { generation: PipelineGeneration; retired: Promise<void> } {
    const previous = this.#current;
    this.#current = new PipelineGeneration(this.#nextId++, pipelines, config, version);
    return { generation: this.#current, retired: previous.retire() };
  }

  /** At shutdown: waits for in-flight requests, then closes the current generation's stages. */
  close(): Promise<void> {
    return this.#current.retire();
  }
}
