// PII / secret masker (AssemblyScript): replaces e-mail addresses, card-like digit runs and
// API-key-like tokens in the request body with placeholders before it leaves for a worker.
import { modifyBody, proceed, readInput } from '../../sdk/assemblyscript/switchyard';

export function on_request(): i32 {
  const input = readInput();
  const start = input.indexOf('"body":');
  if (start < 0) return proceed();
  const end = input.lastIndexOf(',"request_id":');
  if (end < start) return proceed();
  const body = input.substring(start + 7, end);
  const masked = mask(body);
  return masked == body ? proceed() : modifyBody(masked);
}

function isWord(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2e || c == 0x5f || c == 0x2d || c == 0x2b;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Scans JSON text word by word (words never span JSON syntax characters) and joins slices once,
 * so large bodies cost linear time and memory.
 */
function mask(text: string): string {
  const parts = new Array<string>();
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isWord(c) && c != 0x40) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && (isWord(text.charCodeAt(j)) || text.charCodeAt(j) == 0x40)) j++;
    const word = text.substring(i, j);
    const replaced = classify(word);
    if (replaced != word) {
      parts.push(text.substring(copiedUpTo, i));
      parts.push(replaced);
      copiedUpTo = j;
    }
    i = j;
  }
  if (parts.length == 0) return text;
  parts.push(text.substring(copiedUpTo));
  return parts.join('');
}

function classify(word: string): string {
  const at = word.indexOf('@');
  if (at > 0 && word.indexOf('.', at) > at + 1) return '[email]';
  if (word.startsWith('sk-') && word.length >= 20) return '[secret]';
  let digits = 0;
  for (let k = 0; k < word.length; k++) if (isDigit(word.charCodeAt(k))) digits++;
  if (digits >= 13 && digits <= 19 && digits >= word.length - 3) return '[card]';
  return word;
}
