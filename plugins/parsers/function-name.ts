/**
 * What the parsers accept as a function name. Models write names in many wrappers (`functions.x`,
 * `x:0`, quoted), so each format extracts the name; this decides whether the result is plausible.
 * Bounding the length also bounds how long a parser holds back text that might be a call header.
 */
export const MAX_FUNCTION_NAME_LENGTH = 256;

export function isPlausibleFunctionName(name: string): boolean {
  if (name === '' || name.length > MAX_FUNCTION_NAME_LENGTH) return false;
  for (let i = 0; i < name.length; i += 1) {
    const ch = name.charAt(i);
    if (ch <= ' ' || ch === '<' || ch === '>' || ch === '{' || ch === '}' || ch === '(' || ch === ')' || ch === '"' || ch === "'" || ch === '[' || ch === ']') return false;
  }
  return true;
}
