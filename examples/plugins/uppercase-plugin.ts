// The smallest plugin: a stage, a control-plane route and a response transform.
// Its test: test/integration/example-plugin.test.ts. How it fits: plugins/README.md.
import type { Plugin } from '../../core/plugin-contract.js';
import { defineStage } from '../../core/pipeline/stage-contract.js';

const SCHEMA_ID = 'https://switchyard.dev/schemas/stages/uppercase.schema.json';

/** Upper-cases the answers on routes that place `uppercase`; GET /uppercase/stats counts them. */
export function createUppercasePlugin(): Plugin {
  let answers = 0; // the plugin's own state: its stages and routes reach it by closure
  return {
    name: 'uppercase',
    schemas: [{ $id: SCHEMA_ID, type: 'object', additionalProperties: false, properties: { only_model: { type: 'string' } } }],
    setup: () => ({
      stages: [
        defineStage<{ readonly only_model?: string }>({
          name: 'uppercase',
          configSchemaId: SCHEMA_ID,
          create: (config) => ({
            async handle(x, next) {
              await next(); // the response path: the answer exists now
              if (config.only_model !== undefined && x.request.model !== config.only_model) return;
              // Same code for a stream (each delta) and a JSON answer (the whole text at once).
              x.transformResponse({ text: (_choice, text) => text.toUpperCase() });
              answers += 1;
            },
          }),
        }),
      ],
      routes: [{ method: 'GET', path: '/uppercase/stats', group: 'control', handle: () => ({ body: { answers } }) }],
    }),
  };
}
