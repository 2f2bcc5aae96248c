import { defineSection, type Plugin } from '../../core/plugin-contract.js';
import type { DebugConfig } from './debug-config.generated.js';
import { profilingRoutes, stopStartedProfile } from './profiling-routes.js';

const DEBUG = defineSection<DebugConfig>('debug', 'https://switchyard.dev/schemas/config/debug.schema.json');

/**
 * CPU profiles and heap snapshots of the gateway process through node:inspector, as downloads
 * Chrome DevTools opens, behind control-plane auth and `debug.profiling_enabled` (off by default).
 */
export function createProfilingPlugin(): Plugin {
  return {
    name: 'profiling',
    configSections: { [DEBUG.key]: DEBUG.schemaId },
    setup(context) {
      let config = context.section(DEBUG);
      const owner = {};
      return {
        routes: profilingRoutes(() => config, owner),
        reconfigure: (next) => {
          const prepared = next.section(DEBUG);
          return {
            commit: () => {
              config = prepared;
            },
          };
        },
        close: () => stopStartedProfile(owner),
      };
    },
  };
}
