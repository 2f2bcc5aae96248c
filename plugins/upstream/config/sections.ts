import { defineSection } from '../../../core/plugin-contract.js';
import type { ModelsConfig } from './models-config.generated.js';
import type { SeedModelConfig } from './model-config.generated.js';
import type { PassthroughConfig } from './passthrough-config.generated.js';
import type { ProvidersConfig } from './providers-config.generated.js';
import type { ResilienceConfig } from './resilience-config.generated.js';
import type { RoutingConfig } from './routing-config.generated.js';
import type { SecurityConfig } from './security-config.generated.js';
import type { WorkersConfig } from './workers-config.generated.js';

const BASE = 'https://switchyard.dev/schemas/config/';

/** The config sections the upstream plugin owns (each with its schema in schemas/config/). */
export const WORKERS = defineSection<WorkersConfig>('workers', `${BASE}workers.schema.json`);
export const PROVIDERS = defineSection<ProvidersConfig>('providers', `${BASE}providers.schema.json`);
export const ROUTING = defineSection<RoutingConfig>('routing', `${BASE}routing.schema.json`);
export const MODELS = defineSection<ModelsConfig>('models', `${BASE}models.schema.json`);
/** Seed 004's `model_config` (its pricing becomes models.<id>.pricing: see with-seed-pricing.ts). */
export const MODEL_CONFIG = defineSection<SeedModelConfig>('model_config', `${BASE}model-config.schema.json`);
export const RESILIENCE = defineSection<ResilienceConfig>('resilience', `${BASE}resilience.schema.json`);
export const SECURITY = defineSection<SecurityConfig>('security', `${BASE}security.schema.json`);
export const PASSTHROUGH = defineSection<PassthroughConfig>('passthrough', `${BASE}passthrough.schema.json`);

export const UPSTREAM_SECTIONS = [WORKERS, PROVIDERS, ROUTING, MODELS, MODEL_CONFIG, RESILIENCE, SECURITY, PASSTHROUGH];
