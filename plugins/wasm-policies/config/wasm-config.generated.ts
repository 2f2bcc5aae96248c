// Generated from schemas/config/wasm.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

/**
 * WASM policies registered through /wasm. Off unless enabled; enabling needs at least one module root.
 */
interface WasmConfigDocument {
  enabled: boolean;
  /**
   * Directories modules may be loaded from (after resolving links).
   */
  module_roots: string[];
  max_module_bytes: number;
  /**
   * Cap on a module's linear memory (64 KiB pages), written into the module before it is compiled.
   */
  max_memory_pages: number;
  /**
   * Import modules a policy may import from; anything else is refused at registration (no WASI unless listed).
   */
  allowed_imports: string[];
  /**
   * Consecutive failed calls after which a module is disabled (until registered again). A trap, an err, a timeout while running and an answer that is not a valid action all count; a call that never ran (queue full, no worker free before its timeout) does not.
   */
  disable_after_failures: number;
  /**
   * Reload a registered module when its file changes under a module root (a bad new file never replaces the loaded version).
   */
  watch_roots: boolean;
  /**
   * Accept modules with mode: inline. An inline policy runs on the gateway's main thread where no timeout can stop it: one endless loop freezes the whole process for good (even SIGTERM). Off: such registrations (POST /wasm, wasm.modules, saved state) are refused.
   */
  allow_inline: boolean;
  /**
   * Calls that may wait while every instance of a policy version is busy; one more fails at once and follows the module's on_error. The wait counts toward the call's timeout_ms.
   */
  max_queued_calls: number;
  /**
   * Policies registered at boot, as POST /wasm would (same fields). The gateway does not start if one cannot be loaded; one already registered with the same bytes and settings is kept as is; one an earlier config declared and this one does not is removed.
   */
  modules: {
    name: string;
    file_path: string;
    module_type: "Middleware";
    /**
     * @minItems 1
     */
    attach_points: [
      {
        Middleware: "OnRequest" | "OnResponse" | "OnStreamChunk" | "OnError";
      },
      ...{
        Middleware: "OnRequest" | "OnResponse" | "OnStreamChunk" | "OnError";
      }[]
    ];
    /**
     * What a failing policy means for the request.
     */
    on_error: "fail_closed" | "fail_open";
    /**
     * isolated: a worker thread with a wall-clock timeout; inline: the main thread, faster, no timeout (an endless loop freezes the gateway), refused unless the config sets wasm.allow_inline: true.
     */
    mode: "isolated" | "inline";
    /**
     * Wall-clock limit of one call from the moment it is made: waiting for a free worker counts. Inline calls cannot be stopped once running; the limit bounds only their wait.
     */
    timeout_ms: number;
    /**
     * Routes it runs on when not placed in a pipeline; none: every protected route.
     */
    routes?: string[];
    /**
     * Handed to the module on every call, validated by the schema it ships.
     */
    config?: {
      [k: string]: unknown;
    };
    /**
     * OnStreamChunk: characters of already-judged answer text held back and shown again with the next delta, so a value split across two deltas (a key, an email) is seen whole. The policy must be idempotent on text it already rewrote. 0: each delta on its own.
     */
    stream_lookbehind_chars: number;
  }[];
}

/** schemas/config/wasm.schema.json after validation (defaults filled), frozen. */
export type WasmConfig = DeepReadonly<WasmConfigDocument>;
