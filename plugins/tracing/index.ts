import { defineSection, type Plugin } from '../../core/plugin-contract.js';
import { PACKAGE_VERSION } from '../../core/package-root.js';
import { createRequestTracer } from './request-tracer.js';
import { createSpanPipeline, describeEndpoint } from './span-pipeline.js';
import type { TracingConfig } from './tracing-config.generated.js';

const TRACING = defineSection<TracingConfig>('tracing', 'https://switchyard.dev/schemas/config/tracing.schema.json');

/**
 * OpenTelemetry tracing, off by default. Switched off it contributes nothing, so the request path
 * pays only the kernel's checks for an absent watcher; switched on it watches requests, stages and
 * upstream attempts and exports spans over OTLP/HTTP.
 */
export function createTracingPlugin(): Plugin {
  return {
    name: 'tracing',
    configSections: { [TRACING.key]: TRACING.schemaId },
    setup(context) {
      const config = context.section(TRACING);
      const settings = JSON.stringify(config);
      const reconfigure = (next: typeof context) => ({ commit: () => undefined, restartRequired: JSON.stringify(next.section(TRACING)) === settings ? [] : ['tracing'] });
      if (!config.enabled || context.checkOnly) return { reconfigure };
      const spans = createSpanPipeline(config, PACKAGE_VERSION);
      const tracer = createRequestTracer(spans.tracer);
      context.logger.info({ endpoint: describeEndpoint(config.otlp_endpoint), sample_ratio: config.sample_ratio }, 'tracing on');
      return {
        requestWatcher: tracer.watcher,
        stageObserver: tracer.stageObserver,
        reconfigure,
        close: () => spans.shutdown(),
      };
    },
  };
}
