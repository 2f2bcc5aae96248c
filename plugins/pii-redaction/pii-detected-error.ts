import { GatewayError } from '../../core/errors/gateway-error.js';
import type { EntityCounts } from './entity-tally.js';
import type { RedactionDirection } from './entity-types.js';

/**
 * The refusal when an entity whose action is `block` was found: 403, type `security_violation`,
 * code `pii_detected`, with the entity types (never the values) in `error.details`.
 */
export function piiDetectedError(direction: RedactionDirection, counts: EntityCounts): GatewayError {
  const where = direction === 'request' ? 'The request' : 'The answer';
  const fix =
    direction === 'request'
      ? 'remove it from the messages and retry, or ask the operator to mask it instead of blocking'
      : 'the answer was stopped; ask the operator to mask this type in answers instead of blocking';
  return new GatewayError('GW_ERR_PII_DETECTED', `${where} contains ${counts.blocked.join(', ')}, which this route's pii-redaction stage blocks: ${fix}.`, {
    publicCode: 'pii_detected',
    headers: { 'x-security-checks': 'pii:true' },
    details: { entities_found: Object.keys(counts.entities), blocked_entities: [...counts.blocked], action_taken: 'block', direction },
  });
}
