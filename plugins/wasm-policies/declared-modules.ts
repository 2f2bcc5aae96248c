import type { Logger } from 'pino';
import { ConfigError } from '../../core/config/load-config.js';
import type { ModuleSpec } from './module-record.js';
import type { ModuleRegistry } from './module-registry.js';

/**
 * `wasm.modules` from config, registered before the gateway listens. A declared policy that cannot
 * load stops the boot (every failure listed): routes placing it would otherwise refuse traffic,
 * and a redaction policy silently missing is worse than a gateway that does not start. Modules an
 * earlier config declared and this one does not are removed; those registered through /wasm stay.
 */
export async function registerDeclaredModules(registry: ModuleRegistry | undefined, modules: readonly ModuleSpec[], logger: Logger): Promise<void> {
  if (registry === undefined) return;
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
  const removed = await registry.pruneDeclared(new Set(modules.map((m) => m.name)));
  if (removed.length > 0) logger.info({ modules: removed }, 'WASM modules no longer declared in config were removed');
}
