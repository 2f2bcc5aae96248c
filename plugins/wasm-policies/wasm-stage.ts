import type { Logger } from 'pino';
import { GatewayError } from '../../core/errors/gateway-error.js';
import type { Exchange } from '../../core/pipeline/exchange.js';
import { createStateKey } from '../../core/pipeline/exchange-state.js';
import { defineStage, type AnyStageDefinition, type Next, type Stage } from '../../core/pipeline/stage-contract.js';
import type { IngressCheck, SchemaValidators } from '../../core/schema/schema-validators.js';
import type { WasmStageConfig } from './config/wasm-stage-config.generated.js';
import { createPolicyStreamTransform } from './policy-stream-transform.js';
import { parsePolicyOutput, POLICY_ACTION_SCHEMA_ID, type PolicyAction, type PolicyInput } from './policy-contract.js';
import type { ModuleRegistry } from './module-registry.js';
import type { RegisteredModule } from './registered-module.js';

/** The policy versions a request leased (one per policy it ran), released when its response ends. */
const LEASES = createStateKey<(() => void)[]>('wasm.leases');

/** Holds `module`'s version for this request until its response ends (released by releaseLeases). */
export function leaseFor(x: Exchange, module: RegisteredModule): void {
  const leases = x.state.get(LEASES) ?? [];
  leases.push(module.lease());
  x.state.set(LEASES, leases);
}

/** Releases what a request leased: both WASM stages call it; each release counts once. */
export function releaseLeases(x: Exchange): void {
  for (const release of x.state.get(LEASES) ?? []) release();
}

const WASM_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/wasm.schema.json';

/**
 * `wasm:<name>` in a route's pipeline: the policy registered under that name, looked up per
 * request so a re-registration takes effect at once (requests already calling keep their version).
 * A policy that is not loaded, fails, times out or answers nonsense follows its `on_error`:
 * fail_closed (the default) answers 503, fail_open lets the request go on.
 */
export function wasmStageFamily(registry: ModuleRegistry, validators: SchemaValidators, logger: Logger): (name: string) => AnyStageDefinition {
  const checkOutput = validators.ingressCheck(POLICY_ACTION_SCHEMA_ID);
  return (stageName) => {
    const policy = stageName.slice('wasm:'.length);
    return defineStage<WasmStageConfig>({
      name: stageName,
      configSchemaId: WASM_SCHEMA_ID,
      create: (config): Stage => ({
        async handle(x: Exchange, next: Next): Promise<void> {
          const module = registry.byName(policy);
          if (module === undefined) {
            throw new GatewayError('GW_ERR_WASM_POLICY_FAILED', `The policy "${policy}" is not loaded.`, { status: 503 });
          }
          // Switched off by an admin: the stage stands aside (a policy that is not run cannot refuse).
          if (module.paused) {
            await next();
            return;
          }
          // Leased in the tick that found it: every phase of this request runs on this version,
          // even if a new one is registered meanwhile.
          leaseFor(x, module);
          await runPolicy(policy, module, x, next, config, checkOutput, logger);
        },
        onResponseEnd: releaseLeases,
      }),
    });
  };
}

/**
 * Runs one registered policy around the rest of the pipeline: OnRequest before `next()`, OnError
 * on what `next()` throws, OnStreamChunk on a streamed answer, OnResponse on a JSON one. The
 * caller holds a lease on `module` until the exchange completes (see `RegisteredModule.lease`).
 */
export async function runPolicy(
  policy: string,
  module: RegisteredModule,
  x: Exchange,
  next: Next,
  config: WasmStageConfig,
  checkOutput: IngressCheck,
  logger: Logger,
): Promise<void> {
  const points = module.attachPoints;
  const parse = (output: string): PolicyAction => parsePolicyOutput(output, checkOutput);
  const invoke = async (input: PolicyInput): Promise<PolicyAction> => {
    try {
      const json = JSON.stringify(input);
      if (Buffer.byteLength(json) > config.max_input_bytes) throw new Error(`input exceeds ${config.max_input_bytes} bytes`);
      return await module.call(input.phase, json, parse);
    } catch (err) {
      logger.warn({ policy, version: module.record.version, phase: input.phase, reason: err instanceof Error ? err.message : String(err) }, 'WASM policy failed');
      if (module.record.on_error === 'fail_open') return { action: 'continue' };
      throw new GatewayError('GW_ERR_WASM_POLICY_FAILED', `The policy "${policy}" failed; the request was not let through.`, { status: 503 });
    }
  };

  /**
   * OnError: the policy sees the error the request met (status and OpenAI-shaped body) and
   * may let it stand, replace its body/status, or turn it into its own rejection.
   */
  const onError = async (err: GatewayError): Promise<GatewayError | undefined> => {
    const body = { error: { message: err.message, type: err.type, code: err.publicCode, param: err.param } };
    const action = await invoke({ ...inputFor(x, module, config, 'on_error', body), status: err.status });
    if (action.action === 'reject') return rejection(action.status, action.reason);
    if (action.action === 'continue' || (action.body === undefined && action.status === undefined)) return err;
    // The policy answers in the error's place (its status kept unless it set one).
    x.respond(action.status ?? err.status, action.body ?? body, { ...err.headers, ...(action.headers_set ?? {}) });
    return undefined;
  };

  if (points.has('OnRequest')) {
    applyToRequest(x, await invoke(inputFor(x, module, config, 'on_request', x.request.body)));
  }
  if (points.has('OnError')) {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      const outcome = await onError(err);
      if (outcome !== undefined) throw outcome;
    }
  } else {
    await next();
  }
  const response = x.response;
  if (points.has('OnStreamChunk') && response?.kind === 'stream') {
    // The stream outlives this handler: the kernel runs the transform over its text, and a
    // policy failure there ends the stream in-band.
    x.transformResponse(
      createPolicyStreamTransform({
        policy,
        lookbehind: module.record.stream_lookbehind_chars ?? 0,
        judge: (delta, index, choice, lookbehind) => invoke({ ...inputFor(x, module, config, 'on_stream_chunk', { delta, index, choice, lookbehind }) }),
      }),
    );
  }
  if (points.has('OnResponse') && response?.kind === 'json') {
    const action = await invoke({ ...inputFor(x, module, config, 'on_response', response.body), status: response.status });
    if (action.action === 'reject') throw rejection(action.status, action.reason);
    if (action.action === 'modify') {
      if (action.body !== undefined) response.body = action.body;
      if (action.status !== undefined) response.status = action.status;
      for (const name of action.headers_remove ?? []) delete response.headers[name.toLowerCase()];
      for (const [name, value] of Object.entries(action.headers_set ?? {})) response.headers[name.toLowerCase()] = value;
    }
  }
}

function inputFor(x: Exchange, module: RegisteredModule, config: WasmStageConfig, phase: PolicyInput['phase'], body: unknown): PolicyInput {
  return {
    phase,
    route: x.route.path,
    method: x.request.method,
    path: x.request.path,
    headers: withoutCredentials(x.request.headers),
    body,
    request_id: x.requestId,
    now_ms: Date.now(),
    config: { ...(module.record.config ?? {}), ...config.config },
  };
}

function applyToRequest(x: Exchange, action: PolicyAction): void {
  if (action.action === 'reject') throw rejection(action.status, action.reason);
  if (action.action === 'modify' && action.body !== undefined) x.request.body = action.body;
}

function rejection(status: number, reason: string): GatewayError {
  return new GatewayError('GW_ERR_WASM_POLICY_REJECTED', reason === '' ? 'Rejected by policy.' : reason, {
    status,
    type: status === 429 ? 'rate_limit_error' : status === 401 ? 'authentication_error' : status === 403 ? 'permission_error' : status >= 500 ? 'server_error' : 'invalid_request_error',
  });
}

/** Policies see the request's headers, never the caller's credentials. */
function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name !== 'authorization' && name !== 'x-api-key' && name !== 'cookie') out[name] = value;
  }
  return out;
}
