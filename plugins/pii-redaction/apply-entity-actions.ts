import { createHmac } from 'node:crypto';
import type { EntityAction } from './entity-types.js';
import type { EntityTally } from './entity-tally.js';
import type { PlaceholderVault } from './placeholder-vault.js';
import type { Finding } from './resolve-overlaps.js';

export interface ActionSettings {
  actionFor(entityType: string): EntityAction;
  /** HMAC-SHA256 key for `hash`; required when any action is `hash`. */
  readonly hashKey: string | undefined;
  /** Hex characters of the HMAC kept in `<TYPE:…>`. */
  readonly hashLength: number;
  /** When set, `mask` numbers its placeholders through it (`<EMAIL_1>`), so they can be restored. */
  readonly vault: PlaceholderVault | undefined;
}

/** Keyed and truncated: stable for the same key and value, so analytics can join on it. */
export function hashEntityValue(key: string, value: string, length: number): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, length);
}

/** The replacement text for one finding's `value`, after counting it. */
export function replaceEntity(entityType: string, value: string, settings: ActionSettings, tally: EntityTally): string {
  const action = settings.actionFor(entityType);
  tally.add(entityType, action);
  switch (action) {
    case 'allow':
      return value;
    case 'redact':
      return '';
    case 'hash': {
      if (settings.hashKey === undefined) throw new Error(`${entityType}: action "hash" needs a hash key`);
      return `<${entityType}:${hashEntityValue(settings.hashKey, value, settings.hashLength)}>`;
    }
    case 'mask':
      return settings.vault === undefined ? `<${entityType}>` : settings.vault.placeholderFor(entityType, value);
    case 'block':
      // The caller refuses the exchange; masking anyway means nothing leaks if it streams on.
      return `<${entityType}>`;
  }
}

/**
 * `text[from, to)` with every finding (non-overlapping, in text order, within the range) replaced
 * according to its type's action.
 */
export function applyEntityActions(text: string, from: number, to: number, findings: readonly Finding[], settings: ActionSettings, tally: EntityTally): string {
  let out = '';
  let cursor = from;
  for (const finding of findings) {
    out += text.slice(cursor, finding.start);
    out += replaceEntity(finding.entityType, text.slice(finding.start, finding.end), settings, tally);
    cursor = finding.end;
  }
  return out + text.slice(cursor, to);
}
