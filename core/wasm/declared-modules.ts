import { ConfigError } from '../config/load-config.js';
import type { ModuleSpec } from './module-record.js';
import type { ModuleRegistry } from './module-registry.js';

/**
 * `wasm.modules` from config, registered before the gateway listens. A declared policy that cannot
 * load stops the boot (every failure listed): routes placing it would otherwise refuse traffic,
 * and a redaction policy silently missing is worse than a gateway that does not start.
 */
export async function registerDeclaredModules(registry: ModuleRegistry | undefined, modules: readonly ModuleSpec[]): Promise<void> {
  if (registry === undefined || modules.length === 0) return;
  const issues: { path: string; message: string }[] = [];
  for (const [index, spec] of modules.entries()) {
    try {
      await registry.ensure(spec);
    } catch (err) {
      issues.push({ path: `/wasm/modules/${index}`, message: `${spec.name}: ${(err as Error).message}` });
    }
  }
  if (issues.length > 0) {
    registry.close();
    throw new ConfigError('wasm.modules', issues);
  }
}
