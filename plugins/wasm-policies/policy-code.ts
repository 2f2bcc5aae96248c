import type { AttachPoint } from './module-record.js';

/** The functions a policy may export, one per attach point, named as the JSON contract's `phase`. */
export type PolicyPhase = 'on_request' | 'on_response' | 'on_stream_chunk' | 'on_error';

export const PHASE_OF: Readonly<Record<AttachPoint, PolicyPhase>> = {
  OnRequest: 'on_request',
  OnResponse: 'on_response',
  OnStreamChunk: 'on_stream_chunk',
  OnError: 'on_error',
};

export const PHASES: readonly PolicyPhase[] = Object.values(PHASE_OF);

/**
 * A policy ready to instantiate, in a form that crosses into a worker thread by structured clone
 * (compiled modules and strings only), so isolated workers never compile or transpile again.
 */
export type PolicyCode = ExtismCode | ComponentCode;

export interface ExtismCode {
  readonly transport: 'extism';
  readonly module: WebAssembly.Module;
}

export interface ComponentCode {
  readonly transport: 'component';
  /** jco's generated bindings (an ES module exporting `instantiate`), imported from a data: URL. */
  readonly bindings: string;
  /** The component's core modules by the file name the bindings ask for, memory-capped and compiled. */
  readonly coreModules: Readonly<Record<string, WebAssembly.Module>>;
}
