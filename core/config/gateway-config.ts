import type { ModuleSpec } from '../wasm/module-record.js';

/**
 * The validated, frozen gateway configuration. Mirrors schemas/config.schema.json after Ajv has
 * filled its defaults; the schema is the source of truth and tests load every example through it.
 */
export type Runtime = 'openai' | 'vllm' | 'sglang' | 'trtllm' | 'anthropic' | 'demo';
export type WorkerType = 'regular' | 'prefill' | 'decode';
export type PolicyName = 'round_robin' | 'random' | 'least_load' | 'power_of_two' | 'cache_aware' | 'consistent_hash' | 'priority' | 'cost';

export interface WorkerHealthConfig {
  readonly path?: string;
  readonly interval_ms: number;
  readonly timeout_ms: number;
  readonly failure_threshold: number;
  readonly success_threshold: number;
}

/** A worker as config or the admin API (WorkerSpec) describes it, after schema defaults. */
export interface WorkerConfig {
  readonly url: string;
  readonly runtime: Runtime;
  readonly worker_type: WorkerType;
  readonly bootstrap_port?: number;
  readonly priority: number;
  readonly cost: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly api_key?: string;
  readonly models?: readonly (string | { readonly id: string })[];
  readonly health: WorkerHealthConfig;
}

export interface RoutingConfig {
  readonly policy: PolicyName;
  readonly cache_aware: {
    readonly cache_threshold: number;
    readonly balance_abs_threshold: number;
    readonly balance_rel_threshold: number;
    readonly max_tree_chars: number;
  };
  readonly consistent_hash: { readonly header: string; readonly virtual_nodes: number };
}

export interface ResilienceConfig {
  readonly retries: {
    readonly max_attempts: number;
    readonly initial_backoff_ms: number;
    readonly max_backoff_ms: number;
    readonly budget_ratio: number;
    readonly budget_min: number;
  };
  readonly circuit_breaker: { readonly failure_threshold: number; readonly cooldown_ms: number; readonly success_threshold: number };
}

export interface SsrfConfig {
  readonly allowed_schemes: readonly ('http' | 'https' | 'grpc')[];
  readonly allow_hosts: readonly string[];
  readonly allow_cidrs: readonly string[];
  readonly deny_hosts: readonly string[];
  readonly deny_cidrs: readonly string[];
}

export interface ModelPricing {
  readonly currency: string;
  readonly prompt_per_million: number;
  readonly completion_per_million: number;
}

export interface ModelInfoConfig {
  readonly context_window?: number;
  readonly max_tokens?: number;
  readonly capabilities?: readonly string[];
  readonly pricing?: ModelPricing;
  readonly fallbacks?: readonly string[];
  readonly policy?: PolicyName;
}

export type StageConfigs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface RouteOverrideConfig {
  readonly pipeline?: readonly string[];
  readonly disable?: readonly string[];
  readonly stages?: StageConfigs;
}

export interface PipelinesConfig {
  readonly pipeline: readonly string[];
  readonly stages: StageConfigs;
  readonly routes: Readonly<Record<string, RouteOverrideConfig>>;
}

export interface LimitPairConfig {
  readonly rpm?: number;
  readonly tpm?: number;
}

export interface KeyLimitsConfig extends LimitPairConfig {
  readonly models?: Readonly<Record<string, LimitPairConfig>>;
}

export interface ApiKeyConfig {
  readonly id: string;
  readonly name?: string;
  readonly key?: string;
  readonly key_sha256?: string;
  readonly role?: 'admin' | 'user' | 'read-only';
  readonly models?: readonly string[];
  readonly endpoints?: readonly string[];
  readonly expires_at?: string;
  readonly enabled: boolean;
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
  readonly limits?: KeyLimitsConfig;
  readonly budget?: number;
}

export interface JwtConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks_uri?: string;
  readonly jwks_file?: string;
  readonly hs256_secret?: string;
  readonly algorithms?: readonly string[];
  readonly role_claim: string;
  readonly role_mapping: Readonly<Record<string, 'admin' | 'user' | 'read-only'>>;
  readonly clock_tolerance_s: number;
  readonly jwks_cooldown_ms: number;
}

export interface AuthConfig {
  readonly api_keys: readonly ApiKeyConfig[];
  readonly control_plane_api_keys: readonly ApiKeyConfig[];
  readonly jwt?: JwtConfig;
}

export interface LimitsConfig {
  readonly backend: 'memory' | 'redis';
  readonly currency: string;
  readonly redis?: {
    readonly url: string;
    readonly timeout_ms: number;
    readonly on_failure: 'fail_open' | 'fail_closed';
    readonly key_prefix: string;
  };
}

export interface GatewayConfig extends PipelinesConfig {
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly body_limit_bytes: number;
    readonly drain_timeout_ms: number;
    readonly state_dir: string;
  };
  readonly log: { readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  readonly routing: RoutingConfig;
  readonly resilience: ResilienceConfig;
  readonly security: { readonly ssrf: SsrfConfig };
  readonly models: Readonly<Record<string, ModelInfoConfig>>;
  readonly workers: readonly WorkerConfig[];
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly providers: Readonly<Record<string, WorkerConfig>>;
  readonly passthrough: { readonly files_provider?: string };
  readonly wasm: WasmConfig;
}

export interface WasmConfig {
  readonly enabled: boolean;
  readonly module_roots: readonly string[];
  readonly max_module_bytes: number;
  readonly max_memory_pages: number;
  readonly allowed_imports: readonly string[];
  readonly disable_after_failures: number;
  readonly watch_roots: boolean;
  /** Accept `mode: inline` modules (no timeout can stop them). */
  readonly allow_inline: boolean;
  /** Calls that may wait for a busy policy version before more are refused. */
  readonly max_queued_calls: number;
  /** Registered at boot (POST /wasm's fields). */
  readonly modules: readonly ModuleSpec[];
}

export const CONFIG_SCHEMA_ID = 'https://switchyard.dev/schemas/config.schema.json';
