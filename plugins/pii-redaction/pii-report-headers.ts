import type { EntityCounts } from './entity-tally.js';

/**
 * What the stage tells the client about the request it redacted: `x-security-checks` gets
 * `pii:true|false` (other checks add their own `key:value`, comma-separated), and `x-pii-entities`
 * the counts by type (`EMAIL=2,US_SSN=1`) — types and counts only, never a value.
 */
export function addPiiReportHeaders(headers: Record<string, string>, counts: EntityCounts): void {
  const types = Object.entries(counts.entities);
  const check = `pii:${types.length > 0}`;
  const existing = headers['x-security-checks'];
  headers['x-security-checks'] = existing === undefined || existing === '' ? check : `${existing},${check}`;
  if (types.length > 0) headers['x-pii-entities'] = types.map(([type, count]) => `${type}=${count}`).join(',');
}
