import { createHash } from 'node:crypto';
import type { WasmConfig } from '../config/gateway-config.js';
import { capMemory, MemoryCapError, transportOf, type Transport } from './wasm-binary.js';
import { ModuleFileRefused } from './read-module-file.js';

export interface PreparedModule {
  readonly transport: Transport;
  readonly sha256: string;
  readonly size: number;
  /** For core modules: the memory-capped bytes, compiled once (workers are spawned from it). */
  readonly compiled: WebAssembly.Module | undefined;
  readonly bytes: Buffer;
}

export class ModuleRejected extends Error {
  override name = 'ModuleRejected';
}

/**
 * Checks and compiles module bytes exactly as they were read (read once, hashed, compiled from
 * those bytes): WASM magic and version, memory capped, imports within the allowlist.
 */
export async function prepareModule(bytes: Buffer, config: WasmConfig): Promise<PreparedModule> {
  const transport = transportOf(bytes);
  if (transport === undefined) throw new ModuleFileRefused();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (transport === 'component') {
    // Components are compiled by their transport (jco) when they are instantiated.
    return { transport, sha256, size: bytes.length, compiled: undefined, bytes };
  }
  let capped: Buffer;
  try {
    capped = capMemory(bytes, config.max_memory_pages);
  } catch (err) {
    throw new ModuleRejected(err instanceof MemoryCapError ? err.message : 'unreadable module');
  }
  let compiled: WebAssembly.Module;
  try {
    compiled = await WebAssembly.compile(capped);
  } catch (err) {
    throw new ModuleRejected(`does not compile: ${(err as Error).message.slice(0, 200)}`);
  }
  const refused = WebAssembly.Module.imports(compiled).filter((i) => !config.allowed_imports.includes(i.module));
  if (refused.length > 0) {
    throw new ModuleRejected(`imports from outside the allowlist: ${[...new Set(refused.map((i) => `${i.module}.${i.name}`))].slice(0, 5).join(', ')}`);
  }
  return { transport, sha256, size: bytes.length, compiled, bytes: capped };
}
