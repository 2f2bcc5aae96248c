/**
 * The validated, frozen gateway configuration. Mirrors schemas/config.schema.json after Ajv has
 * filled its defaults; the schema is the source of truth and tests load every example through it.
 */
export type Runtime = 'openai' | 'vllm' | 'sglang' | 'trtllm' | 'demo';

export interface WorkerConfig {
  readonly url: string;
  readonly runtime: Runtime;
  readonly api_key?: string;
  readonly models?: readonly (string | { readonly id: string })[];
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
  readonly routing: { readonly policy: 'round_robin' };
  readonly models: Readonly<Record<string, ModelInfoConfig>>;
  readonly workers: readonly WorkerConfig[];
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
}

export const CONFIG_SCHEMA_ID = 'https://switchyard.dev/schemas/config.schema.json';
