/** Fields that name a registry entry, in the order tried (workers and keys: id; WASM modules: uuid; MCP servers: server_id). */
const IDENTITY_FIELDS = ['id', 'uuid', 'server_id'] as const;

/**
 * A three-way merge of a registry file: what this replica changed since `base` (the version its
 * store started from) is applied on top of `theirs` (what another replica wrote meanwhile), so two
 * replicas adding, changing or removing different entries at the same moment both keep theirs.
 * Lists merge by entry (its id field, else its whole JSON); objects by key. Both sides changing
 * the same entry: this write (the later one) wins that entry only.
 */
export function mergeRegistry(base: unknown, ours: unknown, theirs: unknown): unknown {
  if (Array.isArray(ours) && Array.isArray(theirs)) return mergeLists(Array.isArray(base) ? base : [], ours, theirs);
  if (isObject(ours) && isObject(theirs)) return mergeMaps(isObject(base) ? base : {}, ours, theirs);
  return ours;
}

function mergeLists(base: readonly unknown[], ours: readonly unknown[], theirs: readonly unknown[]): unknown[] {
  const before = byIdentity(base);
  const after = byIdentity(ours);
  const removed = new Set([...before.keys()].filter((id) => !after.has(id)));
  // Entries this replica added or changed: its version replaces theirs, or is appended.
  const changed = new Map([...after].filter(([id, entry]) => before.get(id)?.json !== entry.json));
  const merged: unknown[] = [];
  const placed = new Set<string>();
  for (const entry of theirs) {
    const id = identityOf(entry);
    if (removed.has(id) || placed.has(id)) continue;
    placed.add(id);
    merged.push(changed.get(id)?.value ?? entry);
  }
  for (const [id, entry] of changed) if (!placed.has(id)) merged.push(entry.value);
  return merged;
}

function mergeMaps(base: Readonly<Record<string, unknown>>, ours: Readonly<Record<string, unknown>>, theirs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...theirs };
  for (const key of new Set([...Object.keys(base), ...Object.keys(ours)])) {
    const mine = Object.hasOwn(ours, key) ? ours[key] : undefined;
    const was = Object.hasOwn(base, key) ? base[key] : undefined;
    if (JSON.stringify(mine) === JSON.stringify(was)) continue;
    if (mine === undefined) delete merged[key];
    else merged[key] = mine;
  }
  return merged;
}

function byIdentity(entries: readonly unknown[]): Map<string, { readonly value: unknown; readonly json: string }> {
  return new Map(entries.map((value) => [identityOf(value), { value, json: JSON.stringify(value) }]));
}

function identityOf(entry: unknown): string {
  if (isObject(entry)) {
    for (const field of IDENTITY_FIELDS) {
      const id = entry[field];
      if (typeof id === 'string') return `${field}:${id}`;
    }
  }
  return `json:${JSON.stringify(entry)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
