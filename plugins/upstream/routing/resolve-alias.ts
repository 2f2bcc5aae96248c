/**
 * The model the workers serve for the name a client asked for (`routing.aliases`): an exact alias
 * first, then the longest prefix wildcard (`openai/*`), whose `*` in the target carries the rest of
 * the name. One step, never chained; a name no alias matches is itself.
 */
export function resolveAlias(model: string, aliases: Readonly<Record<string, string | undefined>>): string {
  const exact = Object.hasOwn(aliases, model) ? aliases[model] : undefined;
  if (exact !== undefined) return exact;
  let best: { prefix: string; target: string } | undefined;
  for (const [pattern, target] of Object.entries(aliases)) {
    if (target === undefined || !pattern.endsWith('*')) continue;
    const prefix = pattern.slice(0, -1);
    if (model.startsWith(prefix) && model.length > prefix.length && (best === undefined || prefix.length > best.prefix.length)) best = { prefix, target };
  }
  return best === undefined ? model : best.target.replace('*', model.slice(best.prefix.length));
}
