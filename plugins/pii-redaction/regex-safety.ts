/**
 * Refuses operator patterns that can backtrack catastrophically. The check is structural and
 * conservative: a repeated group (`+`, `*`, `{n,}` or `{n,m}` with m > 1) may not contain a quantifier
 * that can match a varying number of times — `(a+)+`, `(\w+\s?)*`, `(x{1,3}){2,}` are refused;
 * `(\d{3}-)+` and `(?:ab)?` are fine. Back-references are refused too (they defeat linear matching).
 */
export class UnsafePatternError extends Error {
  override readonly name = 'UnsafePatternError';
}

interface Quantifier {
  readonly length: number;
  readonly min: number;
  readonly max: number;
}

function readQuantifier(source: string, at: number): Quantifier | undefined {
  const char = source[at];
  let length: number;
  let min: number;
  let max: number;
  if (char === '*') [length, min, max] = [1, 0, Infinity];
  else if (char === '+') [length, min, max] = [1, 1, Infinity];
  else if (char === '?') [length, min, max] = [1, 0, 1];
  else if (char === '{') {
    const braces = /^\{(\d+)(?:(,)(\d*))?\}/.exec(source.slice(at));
    if (braces === null) return undefined;
    length = braces[0].length;
    min = Number(braces[1]);
    max = braces[2] === undefined ? min : braces[3] === '' || braces[3] === undefined ? Infinity : Number(braces[3]);
  } else return undefined;
  // A lazy or possessive-looking suffix does not change what can repeat.
  if (source[at + length] === '?') length++;
  return { length, min, max };
}

interface GroupFrame {
  /** Whether something inside the group repeats a varying number of times. */
  variable: boolean;
}

export function assertSafePattern(source: string, label: string): void {
  const stack: GroupFrame[] = [{ variable: false }];
  let i = 0;
  let inClass = false;
  while (i < source.length) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<'))) {
        throw new UnsafePatternError(`${label}: back-references are not allowed (they can make matching exponential)`);
      }
      i += 2;
      if (!inClass) i += applyQuantifier(source, i, stack, false, label);
      continue;
    }
    if (inClass) {
      if (char === ']') {
        inClass = false;
        i++;
        i += applyQuantifier(source, i, stack, false, label);
      } else i++;
      continue;
    }
    if (char === '[') {
      inClass = true;
      i++;
      if (source[i] === ']') i++;
      continue;
    }
    if (char === '(') {
      stack.push({ variable: false });
      i++;
      continue;
    }
    if (char === ')') {
      const group = stack.pop();
      if (group === undefined || stack.length === 0) throw new UnsafePatternError(`${label}: unbalanced parenthesis`);
      i++;
      i += applyQuantifier(source, i, stack, group.variable, label);
      continue;
    }
    i++;
    i += applyQuantifier(source, i, stack, false, label);
  }
}

/** Applies the quantifier at `at` (if any) to the atom just read; returns how many characters it used. */
function applyQuantifier(source: string, at: number, stack: GroupFrame[], atomVariable: boolean, label: string): number {
  const quantifier = readQuantifier(source, at);
  const frame = stack[stack.length - 1];
  if (frame === undefined) return 0;
  if (quantifier === undefined) {
    if (atomVariable) frame.variable = true;
    return 0;
  }
  if (atomVariable && quantifier.max > 1) {
    throw new UnsafePatternError(
      `${label}: nested quantifier at "${source.slice(Math.max(0, at - 12), at + quantifier.length)}" — a repeated group contains a quantifier (like (a+)+), which can backtrack exponentially; rewrite it without the nesting`,
    );
  }
  if (atomVariable || quantifier.min !== quantifier.max) frame.variable = true;
  return quantifier.length;
}
