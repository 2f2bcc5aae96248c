import type { KernelConfig } from './kernel-config.generated.js';

export type { KernelConfig };

/**
 * The whole validated, frozen config: the kernel's sections typed (generated from
 * schemas/config.schema.json), plus each plugin's sections, which only their plugin reads (through
 * its own `SectionKey`, typed from its own schema).
 */
export type GatewayConfig = KernelConfig & { readonly [section: string]: unknown };

export type ApiKeyConfig = KernelConfig['auth']['api_keys'][number];
export type JwtConfig = NonNullable<KernelConfig['auth']['jwt']>;
export type PipelinesConfig = Pick<KernelConfig, 'pipeline' | 'stages' | 'routes'>;
export type RouteOverrideConfig = NonNullable<KernelConfig['routes'][string]>;
