import { createHash } from 'node:crypto';
import type { WasmConfig } from './config/wasm-config.generated.js';
import { capMemory, MemoryCapError, transportOf, type Transport } from './wasm-binary.js';
import { ModuleFileRefused } from './read-module-file.js';
import { PHASES, type PolicyCode, type PolicyPhase } from './policy-code.js';
import { ComponentRefused, prepareComponent } from './prepare-component.js';

export interface PreparedModule {
  readonly transport: Transport;
  readonly sha256: string;
  readonly size: number;
  /** Compiled once, here; runners (and their workers) instantiate from it. */
  readonly code: PolicyCode;
  /** The policy functions the module exports (what its attach points may ask for). */
  readonly phases: ReadonlySet<PolicyPhase>;
  /** Every compiled core module, for reading custom sections. */
  readonly coreModules: readonly WebAssembly.Module[];
}

export class ModuleRejected extends Error {
  override name = 'ModuleRejected';
}

/**
 * Checks and compiles module bytes exactly as they were read (read once, hashed, compiled from
 * those bytes): WASM magic and version, memory capped, imports within the allowlist (an Extism
 * module) or none at all (a component).
 */
export async function prepareModule(bytes: Buffer, config: WasmConfig): Promise<PreparedModule> {
  const transport = transportOf(bytes);
  if (transport === undefined) throw new ModuleFileRefused();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (transport === 'component') {
    try {
      const { code, phases } = await prepareComponent(bytes, config.max_memory_pages);
      return { transport, sha256, size: bytes.length, code, phases, coreModules: Object.values(code.coreModules) };
    } catch (err) {
      throw err instanceof ComponentRefused ? new ModuleRejected(err.message) : err;
    }
  }
  let capped: Buffer;
  try {
    capped = capMemory(bytes, config.max_memory_pages);
  } catch (err) {
    throw new ModuleRejected(err instanceof MemoryCapError ? err.message : 'unreadable module');
  }
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(capped);
  } catch (err) {
    throw new ModuleRejected(`does not compile: ${(err as Error).message.slice(0, 200)}`);
  }
  const refused = WebAssembly.Module.imports(module).filter((i) => !config.allowed_imports.includes(i.module));
  if (refused.length > 0) {
    throw new ModuleRejected(`imports from outside the allowlist: ${[...new Set(refused.map((i) => `${i.module}.${i.name}`))].slice(0, 5).join(', ')}`);
  }
  const exported = new Set(WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name));
  const phases = new Set(PHASES.filter((phase) => exported.has(phase)));
  return { transport, sha256, size: bytes.length, code: { transport, module }, phases, coreModules: [module] };
}
