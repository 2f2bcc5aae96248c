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
}

export const CONFIG_SCHEMA_ID = 'https://switchyard.dev/schemas/config.schema.json';
