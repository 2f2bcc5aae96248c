import { defineSection, type Plugin, type PluginContribution } from '../../core/plugin-contract.js';
import type { ExtProcConfig } from './extproc-config.generated.js';
import { startExtProcServer, type RunningExtProc } from './ext-proc-server.js';

const EXTPROC = defineSection<ExtProcConfig>('extproc', 'https://switchyard.dev/schemas/config/extproc.schema.json');

export interface ExtProcPlugin extends Plugin {
  /** Where the gRPC server listens once set up (host:port); undefined without `extproc.port`. */
  address(): string | undefined;
}

/**
 * Envoy's External Processor (ext_proc v3) next to the HTTP server: requests Envoy hands over run
 * through their route's own pipeline, and what the stages did comes back to Envoy as header and
 * body mutations or an immediate response (see README.md).
 */
export function createExtProcPlugin(): ExtProcPlugin {
  let running: RunningExtProc | undefined;
  return {
    name: 'extproc',
    configSections: { [EXTPROC.key]: EXTPROC.schemaId },
    address: () => running?.address,
    async setup(context): Promise<PluginContribution> {
      const config = context.section(EXTPROC);
      if (config.port === undefined || context.checkOnly) return {};
      const settings = JSON.stringify(config);
      const server = await startExtProcServer(config.host, config.port, {
        dataPlane: context.dataPlane,
        endpoints: config.endpoints,
        draining: context.draining,
        logger: context.logger,
      });
      running = server;
      // Started at the drain (no new streams from then on), awaited at close.
      let stopping: Promise<void> | undefined;
      const stop = (): Promise<void> => (stopping ??= server.stop(config.drain_timeout_ms));
      context.logger.info({ address: server.address }, 'ExtProc (Envoy ext_proc v3) gRPC server listening');
      return {
        // The listener and its endpoints are set up once; a changed section needs a restart.
        reconfigure: (next) => ({ commit: () => undefined, restartRequired: JSON.stringify(next.section(EXTPROC)) === settings ? [] : ['extproc'] }),
        statsz: () => ({ extproc: { listening: true } }),
        drain: () => void stop(),
        async close() {
          running = undefined;
          await stop();
        },
      };
    },
  };
}
