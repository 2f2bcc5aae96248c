type HeaderMap = Record<string, string | string[] | undefined>;

/**
 * Node/undici header maps to one string per lower-cased name (repeats joined with ", "). Such a map
 * almost always holds only strings (Node joins repeats itself, set-cookie aside): then it is that
 * map, not a copy — this runs twice on every request.
 */
export function flattenHeaders(headers: HeaderMap): Record<string, string> {
  return holdsOnlyStrings(headers) ? headers : copyFlattened(headers);
}

function holdsOnlyStrings(headers: HeaderMap): headers is Record<string, string> {
  for (const name in headers) if (typeof headers[name] !== 'string') return false;
  return true;
}

function copyFlattened(headers: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
