import fc from 'fast-check';

/**
 * fast-check arbitraries for texts full of entities and near-misses, shared by the stream property
 * tests. Each entity fragment carries whatever context it needs ("born", "aws_secret_access_key=").
 */

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const ALNUM = LOWER + UPPER + DIGITS;

function charsFrom(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

/** A random body that certainly mixes cases and digits, like a generated key. */
function keyBody(length: number, extra = ''): fc.Arbitrary<string> {
  return charsFrom(ALNUM + extra, length - 3, length - 3).map((body) => `${body.slice(0, 5)}a7Q${body.slice(5)}`);
}

const CARDS = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '3530111333300000', '4012888888881881', '5105105105105100', '371449635398431'];
const IBANS = ['GB82WEST12345698765432', 'DE89370400440532013000', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'BE68539007547034', 'CH9300762011623852957'];
const PHONES = ['+44 20 7946 0958', '(201) 555-0123', '415-555-0132', '+1 415 555 0132', '+33 6 12 34 56 78', '+49 30 901820'];
const JWT_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';

function group(digits: string, size: number, separator: string): string {
  return digits.match(new RegExp(`.{1,${size}}`, 'g'))?.join(separator) ?? digits;
}

export const emailArb = fc
  .tuple(charsFrom(LOWER, 2, 8), fc.constantFrom('', '.x', '+tag', '_1'), charsFrom(LOWER, 2, 8), fc.constantFrom('com', 'co.uk', 'io', 'dev'))
  .map(([local, suffix, domain, tld]) => `${local}${suffix}@${domain}.${tld}`);

export const cardArb = fc
  .tuple(fc.constantFrom(...CARDS), fc.constantFrom('', ' ', '-'))
  .map(([card, separator]) => (separator === '' || card.length !== 16 ? card : group(card, 4, separator)));

export const ibanArb = fc
  .tuple(fc.constantFrom(...IBANS), fc.boolean(), fc.boolean())
  .map(([iban, spaced, lower]) => {
    const printed = spaced ? group(iban, 4, ' ') : iban;
    return lower ? printed.toLowerCase() : printed;
  });

export const ssnArb = fc
  .tuple(fc.integer({ min: 1, max: 665 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .map(([area, groupNo, serial]) => `${String(area).padStart(3, '0')}-${String(groupNo).padStart(2, '0')}-${String(serial).padStart(4, '0')}`);

export const ipArb = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((parts) => parts.join('.')),
  fc.constantFrom('2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'),
);

export const phoneArb = fc.constantFrom(...PHONES);

export const tokenArb = fc.oneof(
  keyBody(16, '').map((body) => `AKIA${body.toUpperCase()}`),
  keyBody(36).map((body) => `ghp_${body}`),
  keyBody(22).map((body) => `github_pat_${body}_${body}`),
  keyBody(20).map((body) => `glpat-${body}`),
  keyBody(24).map((body) => `xoxb-123456789012-${body}`),
  keyBody(24).map((body) => `https://hooks.slack.com/services/T0000/B0000/${body}`),
  keyBody(24).map((body) => `sk_live_${body}`),
  keyBody(48).map((body) => `sk-proj-${body}`),
  keyBody(40).map((body) => `sk-ant-api03-${body}`),
  keyBody(30, '-_').map((body) => `${JWT_HEADER}.eyJzdWIiOiIx${body}.${body}`),
);

export const pemArb = fc
  .array(charsFrom(ALNUM + '+/', 16, 64), { minLength: 1, maxLength: 4 })
  .map((lines) => `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----`);

/** Entities that need words before them; the value is what must disappear. */
export const contextualArb: fc.Arbitrary<{ readonly prefix: string; readonly value: string }> = fc.oneof(
  // Values start with a letter: `%…`, `$…`, `{…` are templates and references, not literals.
  fc.tuple(fc.constantFrom('password=', 'api_key: ', '"secret": "'), keyBody(12, '!#%')).map(([prefix, value]) => ({ prefix, value: `p${value}` })),
  keyBody(40, '/+').map((value) => ({ prefix: 'aws_secret_access_key = ', value })),
  keyBody(32).map((value) => ({ prefix: 'Bearer token ', value })),
  fc.constantFrom('1990-03-12', '12/03/1985', '4 July 1976').map((value) => ({ prefix: 'born on ', value })),
);

export interface EntityFragment {
  readonly text: string;
  /** The raw value redaction must remove. */
  readonly value: string;
}

export const entityFragmentArb: fc.Arbitrary<EntityFragment> = fc.oneof(
  fc.oneof(emailArb, cardArb, ibanArb, ssnArb, ipArb, phoneArb, tokenArb, pemArb).map((value) => ({ text: value, value })),
  contextualArb.map(({ prefix, value }) => ({ text: `${prefix}${value}${prefix.endsWith('"') ? '"' : ''}`, value })),
);

/** Prose, punctuation and starts of entities that never finish: what a stream redactor must let through. */
export const fillerArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('the', 'quick', 'order', 'total', 'is', 'ready', 'see', 'mail', 'call', 'and', 'id', 'Hello,', 'ok.'),
  fc.constantFrom(' ', ' ', ' ', '\n', '. ', ', ', ': ', ' - ', '--', '-----', '-----BEGIN ', '-----BEGIN CERTIFICATE-----', '@', '<', '+', '(', ')'),
  fc.constantFrom('sk-', 'eyJ', 'ghp_', 'AKIA', 'xoxb-', 'glpat-', 'password', 'born', 'IBAN GB', 'de89', '192.168.', '::', 'a@b', '4111 1111'),
  charsFrom(DIGITS, 1, 12),
  charsFrom(ALNUM + ' .-_@:/=+', 1, 20),
);

/** A text of fillers and entities in any order, with nothing guaranteed between them. */
export const mixedTextArb: fc.Arbitrary<string> = fc.array(fc.oneof({ weight: 3, arbitrary: fillerArb }, { weight: 2, arbitrary: entityFragmentArb.map((fragment) => fragment.text) }), { maxLength: 14 }).map((parts) => parts.join(''));

/** Entities set apart by spaces from prose words, so each is certainly found; with their values. */
export const separatedTextArb: fc.Arbitrary<{ readonly text: string; readonly values: readonly string[] }> = fc
  .array(fc.tuple(fc.constantFrom('Hello', 'the', 'note:', 'ok', 'please', 'thanks'), entityFragmentArb), { minLength: 1, maxLength: 6 })
  .map((pairs) => ({ text: pairs.map(([word, fragment]) => `${word} ${fragment.text} `).join('\n'), values: pairs.map(([, fragment]) => fragment.value) }));

/** Random cut points (sorted, distinct) splitting `length` characters into deltas. */
export function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let previous = 0;
  for (const point of points) {
    parts.push(text.slice(previous, point));
    previous = point;
  }
  parts.push(text.slice(previous));
  return parts;
}
