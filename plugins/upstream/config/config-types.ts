import type { ModelsConfig } from './models-config.generated.js';
import type { ResilienceConfig } from './resilience-config.generated.js';
import type { RoutingConfig } from './routing-config.generated.js';
import type { SecurityConfig } from './security-config.generated.js';
import type { WorkersConfig } from './workers-config.generated.js';

/** A worker as config or the admin API (SMG's WorkerSpec) describes it, after schema defaults. */
export type WorkerConfig = WorkersConfig[number];
export type Runtime = WorkerConfig['runtime'];
export type WorkerType = WorkerConfig['worker_type'];
export type ModelInfoConfig = NonNullable<ModelsConfig[string]>;
export type ModelPricing = NonNullable<ModelInfoConfig['pricing']>;
export type PolicyName = RoutingConfig['policy'];
export type BreakerSettings = ResilienceConfig['circuit_breaker'];
export type SsrfConfig = SecurityConfig['ssrf'];
export type { ModelsConfig, ResilienceConfig, RoutingConfig, SecurityConfig, WorkersConfig };
