import type { ComponentCode, PolicyPhase } from './policy-code.js';
import { OutputTooLarge, type PolicyInstance } from './policy-instance.js';

type Instantiate = (getCoreModule: (file: string) => WebAssembly.Module, imports: Record<string, never>) => Record<string, unknown>;

// The bindings' JS export for each WIT export (jco camel-cases `on-request` to `onRequest`).
const EXPORT_OF: Readonly<Record<PolicyPhase, string>> = {
  on_request: 'onRequest',
  on_response: 'onResponse',
  on_stream_chunk: 'onStreamChunk',
  on_error: 'onError',
};

// One import of the bindings per code object (a rebuilt instance reuses it). A data: module is never
// unloaded, but Node caches modules by URL and jco generates the same bindings for every component
// with the same exports (the core modules are separate), so hot reloads add no modules.
const bindingsOf = new WeakMap<ComponentCode, Promise<Instantiate>>();

async function loadBindings(code: ComponentCode): Promise<Instantiate> {
  let loading = bindingsOf.get(code);
  if (loading === undefined) {
    loading = import(`data:text/javascript;base64,${Buffer.from(code.bindings).toString('base64')}`).then((module: { instantiate: Instantiate }) => module.instantiate);
    bindingsOf.set(code, loading);
  }
  return loading;
}

/**
 * A component through jco's bindings, from core modules compiled at registration. `err` from the
 * guest is a failure; so is a trap, after which jco refuses further calls (the runner rebuilds).
 */
export async function instantiateComponent(code: ComponentCode, maxOutputBytes: number): Promise<PolicyInstance> {
  const instantiate = await loadBindings(code);
  const exports = instantiate((file) => {
    const module = Object.hasOwn(code.coreModules, file) ? code.coreModules[file] : undefined;
    if (module === undefined) throw new Error(`the component's bindings asked for an unknown core module ${file}`);
    return module;
  }, {});
  return {
    call(phase, input) {
      const fn = exports[EXPORT_OF[phase]];
      if (typeof fn !== 'function') return Promise.reject(new Error(`the component does not export ${phase.replaceAll('_', '-')}`));
      let output: unknown;
      try {
        output = (fn as (input: string) => unknown)(input);
      } catch (err) {
        return Promise.reject(asError(err));
      }
      if (typeof output !== 'string') return Promise.reject(new Error('the component returned something other than a string'));
      const bytes = Buffer.byteLength(output);
      if (bytes > maxOutputBytes) return Promise.reject(new OutputTooLarge(bytes, maxOutputBytes));
      return Promise.resolve(output);
    },
    close: () => Promise.resolve(),
  };
}

/** jco throws a ComponentError carrying the guest's `err` string as `payload`. */
function asError(err: unknown): Error {
  if (err instanceof Error && 'payload' in err && typeof err.payload === 'string') return new Error(`the policy answered err: ${err.payload.slice(0, 500)}`);
  return err instanceof Error ? err : new Error(String(err));
}
