import { Counter, type Registry } from 'prom-client';
import type { EntityCounts } from './entity-tally.js';
import type { RedactionDirection } from './entity-types.js';

export type PiiDetectionsCounter = Counter<'entity' | 'action' | 'direction'>;

/**
 * `semantic_router_pii_detections_total{entity,action,direction}` (the name dashboards built for
 * the semantic router already query). Labels are bounded: entity types come from config.
 */
export function createPiiDetectionsCounter(registry: Registry): PiiDetectionsCounter {
  return new Counter({
    name: 'semantic_router_pii_detections_total',
    help: 'Entities (PII, secrets) the pii-redaction stage found, by entity type, the action taken and direction.',
    labelNames: ['entity', 'action', 'direction'] as const,
    registers: [registry],
  });
}

export function countDetections(counter: PiiDetectionsCounter, direction: RedactionDirection, counts: EntityCounts): void {
  for (const [entity, byAction] of Object.entries(counts.actions)) {
    for (const [action, count] of Object.entries(byAction)) {
      if (count !== undefined && count > 0) counter.inc({ entity, action, direction }, count);
    }
  }
}
