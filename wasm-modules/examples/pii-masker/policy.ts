// PII / secret masker (AssemblyScript): replaces e-mail addresses, card-like digit runs and
// API-key-like tokens in the request body with placeholders before it leaves for a worker.
// Config (pii-masker.schema.json): {"emails": true, "cards": true, "secrets": true} — each kind
// can be turned off per registration or per route.
import { configBool, field, modifyBody, proceed, readInput } from '../../sdk/assemblyscript/switchyard';

let maskEmails = true;
let maskCards = true;
let maskSecrets = true;

export function on_request(): i32 {
  const input = readInput();
  const body = field(input, 'body');
  if (body == null) return proceed();
  maskEmails = configBool(input, 'emails', true);
  maskCards = configBool(input, 'cards', true);
  maskSecrets = configBool(input, 'secrets', true);
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
  if (maskEmails && at > 0 && word.indexOf('.', at) > at + 1) return '[email]';
  if (maskSecrets && word.startsWith('sk-') && word.length >= 20) return '[secret]';
  if (!maskCards) return word;
  let digits = 0;
  for (let k = 0; k < word.length; k++) if (isDigit(word.charCodeAt(k))) digits++;
  if (digits >= 13 && digits <= 19 && digits >= word.length - 3) return '[card]';
  return word;
}
