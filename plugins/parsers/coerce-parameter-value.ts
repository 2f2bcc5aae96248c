/**
 * XML-style formats (qwen3-coder, glm4, step3, minimax) write each argument as raw text, so its JSON
 * type has to be decided. With the function's JSON Schema the declared type wins (`"42"` stays a
 * string where the schema says string); without it the text is read as JSON when it is JSON (what
 * SMG does), as a Python literal for `True`/`False`/`None`, and as a string otherwise.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The declared type of one parameter, from a function's `parameters` schema. */
export function declaredParameterType(parameters: unknown, key: string): string | undefined {
  if (!isRecord(parameters)) return undefined;
  const properties = parameters['properties'];
  if (!isRecord(properties)) return undefined;
  const property = properties[key];
  if (!isRecord(property)) return undefined;
  const type = property['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const first = type.find((t): t is string => typeof t === 'string' && t !== 'null');
    return first;
  }
  if (Array.isArray(property['enum']) && property['enum'].every((v) => typeof v === 'string')) return 'string';
  return undefined;
}

/** Only text starting like a JSON value is tried: a failed JSON.parse throws, and throwing is slow. */
function parseJson(text: string): { value: unknown } | undefined {
  if (!/^[-{["\d]|^(?:true|false|null)$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return { value };
  } catch {
    return undefined;
  }
}

/** Models put the value on its own lines (`<parameter=x>\nvalue\n</parameter>`): one newline each side is layout. */
function stripLayoutNewlines(raw: string): string {
  let text = raw;
  if (text.startsWith('\r\n')) text = text.slice(2);
  else if (text.startsWith('\n')) text = text.slice(1);
  if (text.endsWith('\r\n')) text = text.slice(0, -2);
  else if (text.endsWith('\n')) text = text.slice(0, -1);
  return text;
}

const PYTHON_LITERALS: Readonly<Record<string, string>> = { True: 'true', False: 'false', None: 'null', true: 'true', false: 'false', null: 'null' };

/** The JSON text for one raw parameter value. */
export function coerceParameterValue(raw: string, type: string | undefined): string {
  const text = stripLayoutNewlines(raw);
  const trimmed = text.trim();
  switch (type) {
    case 'string':
      return JSON.stringify(text);
    case 'integer':
    case 'number': {
      const number = trimmed === '' ? Number.NaN : Number(trimmed);
      if (Number.isFinite(number) && (type === 'number' || Number.isInteger(number))) return JSON.stringify(number);
      return JSON.stringify(text);
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true' || lower === 'false') return lower;
      return JSON.stringify(text);
    }
    case 'object':
    case 'array': {
      const parsed = parseJson(trimmed);
      if (parsed !== undefined && (type === 'array' ? Array.isArray(parsed.value) : isRecord(parsed.value))) return JSON.stringify(parsed.value);
      return JSON.stringify(text);
    }
    default: {
      const literal = PYTHON_LITERALS[trimmed];
      if (literal !== undefined) return literal;
      const parsed = trimmed === '' ? undefined : parseJson(trimmed);
      if (parsed !== undefined) return JSON.stringify(parsed.value);
      return JSON.stringify(text);
    }
  }
}
