import type { Transport } from './wasm-binary.js';

export type AttachPoint = 'OnRequest' | 'OnResponse' | 'OnStreamChunk' | 'OnError';

/** What an admin asks to register (schemas/admin/wasm-register.schema.json). */
export interface ModuleSpec {
  readonly name: string;
  readonly file_path: string;
  readonly module_type: 'Middleware';
  readonly attach_points: readonly { readonly Middleware: AttachPoint }[];
  readonly on_error: 'fail_closed' | 'fail_open';
  readonly mode: 'isolated' | 'inline';
  readonly timeout_ms: number;
  readonly routes?: readonly string[];
  readonly config?: Readonly<Record<string, unknown>>;
  /** OnStreamChunk look-behind window (characters); absent in records saved before it existed. */
  readonly stream_lookbehind_chars?: number;
}

export interface ModuleRecord extends ModuleSpec {
  readonly uuid: string;
  readonly sha256: string;
  readonly size: number;
  readonly transport: Transport;
  /** 1 for a name's first registration, then +1 for each replacement. */
  readonly version: number;
  readonly created_at: string;
  last_accessed_at: string | null;
  access_count: number;
  /** Set after `wasm.disable_after_failures` failed calls in a row; registering again (or re-enabling) clears it. */
  disabled?: boolean;
  /** Switched off by an admin (`PATCH /wasm/{uuid} {"enabled": false}`): not run at all, unlike `disabled`, which fails its calls. */
  paused?: boolean;
  /** Registered from `wasm.modules` in config: removed at boot once the config no longer declares it. */
  readonly declared?: true;
}

const SPEC_KEYS: readonly (keyof ModuleSpec)[] = ['name', 'file_path', 'module_type', 'attach_points', 'on_error', 'mode', 'timeout_ms', 'routes', 'config', 'stream_lookbehind_chars'];

/** Only what was asked for: a record's spec without its bookkeeping (uuid, version, disabled …). */
export function specOf(spec: ModuleSpec): ModuleSpec {
  const out: Record<string, unknown> = {};
  for (const key of SPEC_KEYS) if (spec[key] !== undefined) out[key] = spec[key];
  return out as unknown as ModuleSpec;
}

/** Same file and settings: registering it again would change nothing but the version. */
export function sameSettings(a: ModuleSpec, b: ModuleSpec): boolean {
  return SPEC_KEYS.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

export class ModuleRegistrationError extends Error {
  override name = 'ModuleRegistrationError';
}
