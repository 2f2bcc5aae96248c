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
  /** Set after `wasm.disable_after_failures` failed calls in a row; registering again clears it. */
  disabled?: boolean;
}

export class ModuleRegistrationError extends Error {
  override name = 'ModuleRegistrationError';
}
