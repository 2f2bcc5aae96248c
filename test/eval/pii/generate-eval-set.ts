/**
 * Writes positives.jsonl and lookalikes.jsonl (run: `npx tsx test/eval/pii/generate-eval-set.ts`).
 * Deterministic (seeded), so the committed files are reproducible. Values are synthetic: checksums,
 * check digits and key shapes are computed here, independently of the recognizers under test (phone
 * numbers are kept only when libphonenumber calls them valid: that is the definition of a phone
 * number the recognizer is asked to find, the extraction around it is what is measured).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { EvalItem, EvalSpan } from './eval-item.js';

// ---- deterministic randomness -------------------------------------------------------------------
let seed = 0x5eed_2024;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const HEX = '0123456789abcdef';
const chars = (alphabet: string, length: number): string => Array.from({ length }, () => pick([...alphabet])).join('');
/** Random like a generated key: certainly mixes every class (upper, lower, digits) the alphabet has. */
function keyChars(alphabet: string, length: number): string {
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(alphabet));
  for (;;) {
    const value = chars(alphabet, length);
    if (classes.every((re) => re.test(value))) return value;
  }
}
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

// ---- item building ---------------------------------------------------------------------------------
type Piece = string | { readonly type: string; readonly value: string };
const e = (type: string, value: string): Piece => ({ type, value });

function build(id: string, format: string, pieces: readonly Piece[]): EvalItem {
  let text = '';
  const entities: EvalSpan[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') text += piece;
    else {
      entities.push({ type: piece.type, start: text.length, end: text.length + piece.value.length });
      text += piece.value;
    }
  }
  return { id, format, text, entities };
}

const positives: EvalItem[] = [];
const lookalikes: EvalItem[] = [];
function positive(format: string, pieces: readonly Piece[]): void {
  positives.push(build(`p${pad(positives.length + 1, 4)}`, format, pieces));
}
function lookalike(format: string, text: string): void {
  lookalikes.push(build(`n${pad(lookalikes.length + 1, 4)}`, format, [text]));
}

// ---- names and filler ---------------------------------------------------------------------------------
const FIRST = ['jane', 'john', 'maria', 'li', 'ahmed', 'sofia', 'lukas', 'emma', 'noah', 'olga', 'priya', 'kenji', 'fatima', 'marco', 'chloe', 'tom'];
const LAST = ['doe', 'smith', 'garcia', 'wang', 'hassan', 'rossi', 'muller', 'dubois', 'kowalski', 'tanaka', 'patel', 'silva', 'novak', 'brown'];
const Name = (): string => `${pick(FIRST).replace(/^./, (c) => c.toUpperCase())} ${pick(LAST).replace(/^./, (c) => c.toUpperCase())}`;

// ---- email ----------------------------------------------------------------------------------------------
const DOMAINS = ['example.com', 'mail.example.co.uk', 'corp.acme.io', 'students.uni-berlin.de', 'gmail.com', 'outlook.com', 'proton.me', 'sales.eu.example.org', 'my-startup.dev', 'hospital.nhs.uk', 'example.com.au', 'web.de'];
function emailValue(): string {
  const first = pick(FIRST);
  const last = pick(LAST);
  const local = pick([`${first}.${last}`, `${first[0] ?? 'x'}${last}`, `${first}+${pick(['billing', 'news', 'work', 'test1'])}`, `${first}_${last}${int(1, 99)}`, `${first}.${last}+${pick(['a', 'ops'])}`, `${last}-${first}`, `${first}${int(1970, 2005)}`]);
  const value = `${local}@${pick(DOMAINS)}`;
  return random() < 0.15 ? value.replace(/^./, (c) => c.toUpperCase()) : value;
}
const EMAIL_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['Please update my email to ', e('EMAIL', v), ' before Friday.'],
  (v) => ['Can you draft a reply to ', e('EMAIL', v), '? They asked about the invoice.'],
  (v) => ['From: ', Name(), ' <', e('EMAIL', v), '>\nSubject: quarterly numbers'],
  (v) => ['{"user": {"name": "', Name(), '", "email": "', e('EMAIL', v), '"}}'],
  (v) => ['name,email,plan\n', Name(), ',', e('EMAIL', v), ',pro'],
  (v) => ['Reach me at mailto:', e('EMAIL', v), ' or on Slack.'],
  (v) => ['CC ', e('EMAIL', v), ' and ', e('EMAIL', emailValue()), ' on the thread.'],
  (v) => ['Summarise this complaint from ', e('EMAIL', v), ': the parcel never arrived.'],
  (v) => ['My login is ', e('EMAIL', v)],
];
for (let i = 0; i < 66; i++) positive('email', pick(EMAIL_TEMPLATES)(emailValue()));

// ---- phone ------------------------------------------------------------------------------------------------
interface PhoneFormat {
  readonly region: CountryCode;
  readonly format: string;
    readonly shape: string;
}
const PHONE_FORMATS: readonly PhoneFormat[] = [
  { region: 'US', format: 'us-parens', shape: '(AAA) X##-####' },
  { region: 'US', format: 'us-dashes', shape: 'AAA-X##-####' },
  { region: 'US', format: 'us-dots', shape: 'AAA.X##.####' },
  { region: 'US', format: 'us-intl', shape: '+1 AAA X## ####' },
  { region: 'US', format: 'us-intl-dashes', shape: '+1-AAA-X##-####' },
  { region: 'US', format: 'us-e164', shape: '+1AAAX######' },
  { region: 'US', format: 'us-trunk', shape: '1-AAA-X##-####' },
  { region: 'GB', format: 'gb-intl', shape: '+44 20 7946 0###' },
  { region: 'GB', format: 'gb-national', shape: '020 7946 0###' },
  { region: 'GB', format: 'gb-mobile-intl', shape: '+44 7911 ######' },
  { region: 'GB', format: 'gb-mobile-national', shape: '07911 ######' },
  { region: 'DE', format: 'de-intl', shape: '+49 30 ########' },
  { region: 'DE', format: 'de-national', shape: '030 ########' },
  { region: 'DE', format: 'de-mobile', shape: '+49 151 ########' },
  { region: 'FR', format: 'fr-intl', shape: '+33 6 ## ## ## ##' },
  { region: 'FR', format: 'fr-national', shape: '06 ## ## ## ##' },
  { region: 'FR', format: 'fr-dots', shape: '01.##.##.##.##' },
  { region: 'IN', format: 'in-intl', shape: '+91 98### #####' },
  { region: 'JP', format: 'jp-intl', shape: '+81 3-####-####' },
  { region: 'JP', format: 'jp-national', shape: '090-####-####' },
  { region: 'AU', format: 'au-intl', shape: '+61 2 #### ####' },
  { region: 'AU', format: 'au-mobile', shape: '04## ### ###' },
  { region: 'BR', format: 'br-intl', shape: '+55 11 9####-####' },
  { region: 'ES', format: 'es-intl', shape: '+34 6## ## ## ##' },
  { region: 'IT', format: 'it-intl', shape: '+39 06 #### ####' },
  { region: 'NL', format: 'nl-national', shape: '020 ### ####' },
  { region: 'NL', format: 'nl-intl', shape: '+31 6 ########' },
];
const US_AREAS = ['201', '212', '213', '305', '312', '415', '503', '617', '646', '702', '713', '718', '805', '917', '929'];
/** `A` is a digit of a real US area code, `X` a digit 2-9 (a US exchange's first), `#` any digit. */
function phoneValue(format: PhoneFormat): string {
  for (;;) {
    const area = pick(US_AREAS);
    let areaIndex = 0;
    const value = [...format.shape].map((c) => (c === '#' ? String(int(0, 9)) : c === 'X' ? String(int(2, 9)) : c === 'A' ? (area[areaIndex++] ?? '0') : c)).join('');
    if (parsePhoneNumberFromString(value, format.region)?.isValid() === true) return value;
  }
}
const PHONE_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['Call me at ', e('PHONE', v), ' after 5pm.'],
  (v) => ['My phone number is ', e('PHONE', v), '.'],
  (v) => ['Tel: ', e('PHONE', v), '\nFax: none'],
  (v) => ['Contact ', Name(), ' (mobile ', e('PHONE', v), ') about the delivery.'],
  (v) => ['{"customer": "', Name(), '", "phone": "', e('PHONE', v), '"}'],
  (v) => ['Can you text ', e('PHONE', v), ' to confirm the appointment?'],
  (v) => ['Reach the front desk on ', e('PHONE', v), ' or by email.'],
];
for (let i = 0; i < 81; i++) {
  const format = PHONE_FORMATS[i % PHONE_FORMATS.length] ?? PHONE_FORMATS[0];
  if (format === undefined) break;
  positive(`phone-${format.format}`, pick(PHONE_TEMPLATES)(phoneValue(format)));
}

// ---- payment cards ----------------------------------------------------------------------------------
function luhnCheckDigit(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let digit = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}
const NETWORKS: ReadonlyArray<{ name: string; prefixes: () => string; length: number }> = [
  { name: 'visa', prefixes: () => '4', length: 16 },
  { name: 'visa13', prefixes: () => '4', length: 13 },
  { name: 'mastercard', prefixes: () => String(int(51, 55)), length: 16 },
  { name: 'mastercard2', prefixes: () => String(int(2221, 2720)), length: 16 },
  { name: 'amex', prefixes: () => pick(['34', '37']), length: 15 },
  { name: 'discover', prefixes: () => pick(['6011', '65', String(int(644, 649))]), length: 16 },
  { name: 'jcb', prefixes: () => String(int(3528, 3589)), length: 16 },
  { name: 'diners', prefixes: () => pick(['36', '38', String(int(300, 305))]), length: 14 },
  { name: 'unionpay', prefixes: () => '62', length: 16 },
  { name: 'visa19', prefixes: () => '4', length: 19 },
];
function cardNumber(network: { prefixes: () => string; length: number }): string {
  const prefix = network.prefixes();
  const partial = prefix + chars(DIGITS, network.length - prefix.length - 1);
  return partial + luhnCheckDigit(partial);
}
function formatCard(digits: string, style: string): string {
  if (style === 'compact') return digits;
  const separator = style === 'dashes' ? '-' : ' ';
  if (digits.length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(separator);
  if (digits.length === 14) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(separator);
  return digits.match(/.{1,4}/g)?.join(separator) ?? digits;
}
const CARD_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['My card number is ', e('CREDIT_CARD', v), ', expiry 09/27.'],
  (v) => ['Charge ', e('CREDIT_CARD', v), ' for the annual plan.'],
  (v) => ['Why was my Visa ', e('CREDIT_CARD', v), ' declined yesterday?'],
  (v) => ['{"payment": {"pan": "', e('CREDIT_CARD', v), '", "cvc": "123"}}'],
  (v) => ['Customer paid with ', e('CREDIT_CARD', v), ' (exp 11/26).'],
  (v) => ['Refund to card ', e('CREDIT_CARD', v), ' please'],
  (v) => ['cc: ', e('CREDIT_CARD', v)],
];
for (let i = 0; i < 66; i++) {
  const network = NETWORKS[i % NETWORKS.length] ?? NETWORKS[0];
  if (network === undefined) break;
  const style = pick(['compact', 'spaces', 'dashes']);
  positive(`card-${network.name}-${style}`, pick(CARD_TEMPLATES)(formatCard(cardNumber(network), network.length === 19 || network.length === 13 ? 'compact' : style)));
}

// ---- IBAN -----------------------------------------------------------------------------------------------
/** BBAN shapes: `9` digit, `A` upper-case letter, `C` letter or digit. */
const IBAN_COUNTRIES: Record<string, string> = {
  DE: '999999999999999999', GB: 'AAAA99999999999999', FR: '9999999999CCCCCCCCCCC99', NL: 'AAAA9999999999', BE: '999999999999',
  ES: '99999999999999999999', IT: 'A9999999999CCCCCCCCCCCC', CH: '99999CCCCCCCCCCCC', AT: '9999999999999999', PL: '999999999999999999999999',
  SE: '99999999999999999999', DK: '99999999999999', NO: '99999999999', PT: '999999999999999999999', IE: 'AAAA99999999999999', LU: '999CCCCCCCCCCCCC',
  FI: '99999999999999',
};
function ibanValue(country: string): string {
  const bban = [...(IBAN_COUNTRIES[country] ?? '')].map((c) => (c === '9' ? pick([...DIGITS]) : c === 'A' ? pick([...UPPER]) : pick([...UPPER + DIGITS]))).join('');
  const numeric = [...`${bban}${country}00`].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return `${country}${pad(98 - remainder, 2)}${bban}`;
}
const IBAN_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['Please wire the deposit to IBAN ', e('IBAN', v), ' by Monday.'],
  (v) => ['My bank account: ', e('IBAN', v)],
  (v) => ['Beneficiary: ', Name(), ', ', e('IBAN', v), ', reference INV-2291'],
  (v) => ['Is ', e('IBAN', v), ' a valid account for SEPA transfers?'],
  (v) => ['{"iban": "', e('IBAN', v), '", "bic": "DEUTDEFF"}'],
  (v) => ['Update payroll to ', e('IBAN', v), ' from next month.'],
];
const ibanCountries = Object.keys(IBAN_COUNTRIES);
for (let i = 0; i < 56; i++) {
  const country = ibanCountries[i % ibanCountries.length] ?? 'DE';
  const compact = ibanValue(country);
  const style = pick(['compact', 'grouped', 'lower-grouped', 'lower-compact']);
  const grouped = compact.match(/.{1,4}/g)?.join(' ') ?? compact;
  const value = style === 'compact' ? compact : style === 'grouped' ? grouped : style === 'lower-grouped' ? grouped.toLowerCase() : compact.toLowerCase();
  positive(`iban-${country.toLowerCase()}-${style}`, pick(IBAN_TEMPLATES)(value));
}

// ---- US SSN --------------------------------------------------------------------------------------------
function ssnParts(): [string, string, string] {
  let area = int(1, 899);
  if (area === 666) area = 667;
  return [pad(area, 3), pad(int(1, 99), 2), pad(int(1, 9999), 4)];
}
for (let i = 0; i < 44; i++) {
  const [a, g, s] = ssnParts();
  const kind = i % 4;
  if (kind === 0) positive('ssn-dashed', ['Employee record: ', Name(), ', SSN ', e('US_SSN', `${a}-${g}-${s}`), ', hired 2019.']);
  else if (kind === 1) positive('ssn-dashed-no-context', ['Applicant ', Name(), ' — ', e('US_SSN', `${a}-${g}-${s}`), ' — approved']);
  else if (kind === 2) positive('ssn-spaced-context', ['My social security number is ', e('US_SSN', `${a} ${g} ${s}`), '.']);
  else positive('ssn-bare-context', ['{"name": "', Name(), '", "ssn": "', e('US_SSN', `${a}${g}${s}`), '"}']);
}

// ---- IP addresses -----------------------------------------------------------------------------------------
function ipv4(): string {
  return `${pick([int(11, 99), int(101, 126), int(128, 223), 10, 172, 192])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
}
function ipv6(): string {
  const groups = Array.from({ length: 8 }, () => chars(HEX, int(1, 4)).replace(/^0+(?=.)/, ''));
  const style = pick(['full', 'compressed', 'link-local', 'mapped']);
  if (style === 'full') return groups.join(':');
  if (style === 'compressed') return `2001:db8:${groups.slice(2, 4).join(':')}::${groups[7] ?? '1'}`;
  if (style === 'link-local') return `fe80::${groups.slice(4).join(':')}`;
  return `::ffff:${ipv4()}`;
}
const IP_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['Failed login from ', e('IP_ADDRESS', v), ' at 03:12 UTC.'],
  (v) => ['2024-03-05T10:00:01Z sshd[211]: Accepted publickey for deploy from ', e('IP_ADDRESS', v), ' port 52144'],
  (v) => ['The server IP is ', e('IP_ADDRESS', v), ', can you check the firewall?'],
  (v) => ['curl http://', e('IP_ADDRESS', v), ':8080/health returns 502'],
  (v) => ['{"client_ip": "', e('IP_ADDRESS', v), '", "status": 403}'],
  (v) => ['Block ', e('IP_ADDRESS', v), ' and ', e('IP_ADDRESS', ipv4()), ' in the WAF.'],
];
for (let i = 0; i < 46; i++) {
  const v6 = i % 3 === 2;
  const value = v6 ? ipv6() : ipv4();
  const template = pick(IP_TEMPLATES);
  positive(v6 ? 'ip-v6' : 'ip-v4', v6 && template === IP_TEMPLATES[3] ? ['curl http://[', e('IP_ADDRESS', value), ']:8080/health returns 502'] : template(value));
}

// ---- dates of birth ------------------------------------------------------------------------------------
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function dobValue(): string {
  const year = int(1940, 2006);
  const month = int(1, 12);
  const day = int(1, 28);
  return pick([
    `${year}-${pad(month, 2)}-${pad(day, 2)}`,
    `${pad(day, 2)}/${pad(month, 2)}/${year}`,
    `${pad(month, 2)}/${pad(day, 2)}/${year}`,
    `${day} ${MONTHS[month - 1] ?? 'May'} ${year}`,
    `${MONTHS[month - 1] ?? 'May'} ${day}, ${year}`,
    `${pad(day, 2)}.${pad(month, 2)}.${year}`,
  ]);
}
const DOB_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['Patient: ', Name(), ', DOB: ', e('DATE_OF_BIRTH', v), ', allergies: none.'],
  (v) => ['I was born on ', e('DATE_OF_BIRTH', v), ' in Lisbon.'],
  (v) => ['Date of birth: ', e('DATE_OF_BIRTH', v)],
  (v) => ['{"name": "', Name(), '", "birthdate": "', e('DATE_OF_BIRTH', v), '"}'],
  (v) => ['Her birthday is ', e('DATE_OF_BIRTH', v), ', please add it to the form.'],
];
for (let i = 0; i < 33; i++) positive('dob', pick(DOB_TEMPLATES)(dobValue()));

// ---- secrets --------------------------------------------------------------------------------------------------
const SECRET_TEMPLATES: Array<(p: Piece) => Piece[]> = [
  (p) => ['Why does this fail? I set the key to ', p, ' and still get 401.'],
  (p) => ['```\nclient = Client(token="', p, '")\n```\nIt raises an auth error.'],
  (p) => ['Here is my config:\nKEY=', p, '\nDEBUG=true'],
  (p) => ['{"credentials": {"value": "', p, '"}}'],
  (p) => ['Rotate ', p, ' — it leaked in the logs.'],
];
function secret(format: string, type: string, value: string, template?: (p: Piece) => Piece[]): void {
  positive(format, (template ?? pick(SECRET_TEMPLATES))(e(type, value)));
}
const AWS_PREFIXES = ['AKIA', 'AKIA', 'AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA'];
for (let i = 0; i < 20; i++) {
  const id = `${pick(AWS_PREFIXES)}${chars(UPPER + '234567', 16)}`;
  if (i % 2 === 0) secret('aws-access-key-id', 'AWS_ACCESS_KEY_ID', id);
  else positive('aws-access-key-id-env', ['export AWS_ACCESS_KEY_ID=', e('AWS_ACCESS_KEY_ID', id), '\nexport AWS_DEFAULT_REGION=eu-west-1']);
}
const AWS_SECRET_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['[default]\naws_access_key_id = ', e('AWS_ACCESS_KEY_ID', `AKIA${chars(UPPER + '234567', 16)}`), '\naws_secret_access_key = ', e('AWS_SECRET_ACCESS_KEY', v), '\n'],
  (v) => ['export AWS_SECRET_ACCESS_KEY=', e('AWS_SECRET_ACCESS_KEY', v)],
  (v) => ['{"AccessKeyId": "', e('AWS_ACCESS_KEY_ID', `ASIA${chars(UPPER + '234567', 16)}`), '", "SecretAccessKey": "', e('AWS_SECRET_ACCESS_KEY', v), '"}'],
  (v) => ['my aws secret key is ', e('AWS_SECRET_ACCESS_KEY', v), ' can you test it'],
];
for (let i = 0; i < 20; i++) positive('aws-secret-access-key', pick(AWS_SECRET_TEMPLATES)(keyChars(B64, 40)));
for (let i = 0; i < 20; i++) {
  const kind = pick(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_']);
  const value = kind === 'github_pat_' ? `github_pat_11${keyChars(UPPER + DIGITS, 20)}_${keyChars(ALNUM, 59)}` : `${kind}${keyChars(ALNUM, 36)}`;
  secret(`github-${kind.replace(/_$/, '')}`, 'GITHUB_TOKEN', value);
}
for (let i = 0; i < 18; i++) secret('gitlab-pat', 'GITLAB_TOKEN', `glpat-${keyChars(ALNUM + '-_', 20)}`);
for (let i = 0; i < 20; i++) {
  const kind = pick(['xoxb', 'xoxp', 'xoxa', 'xoxr', 'xoxs']);
  secret(`slack-${kind}`, 'SLACK_TOKEN', `${kind}-${chars(DIGITS, int(10, 13))}-${chars(DIGITS, 13)}-${keyChars(ALNUM, 24)}`);
}
for (let i = 0; i < 18; i++) {
  const url = `https://hooks.slack.com/services/T${chars(UPPER + DIGITS, 8)}/B${chars(UPPER + DIGITS, 10)}/${keyChars(ALNUM, 24)}`;
  secret('slack-webhook', 'SLACK_WEBHOOK', url, (p) => ['Post the alert to ', p, ' when the job fails.']);
}
for (let i = 0; i < 20; i++) {
  const kind = pick(['sk_live_', 'rk_live_', 'sk_test_']);
  secret(`stripe-${kind.replace(/_$/, '')}`, 'STRIPE_KEY', `${kind}${keyChars(ALNUM, pick([24, 99]))}`);
}
for (let i = 0; i < 21; i++) {
  const kind = pick(['legacy', 'proj', 'svcacct']);
  const value = kind === 'legacy' ? `sk-${keyChars(ALNUM, 20)}T3BlbkFJ${keyChars(ALNUM, 20)}` : `sk-${kind}-${keyChars(ALNUM + '-_', 64)}T3BlbkFJ${keyChars(ALNUM + '-_', 64)}`;
  secret(`openai-${kind}`, 'OPENAI_API_KEY', value);
}
for (let i = 0; i < 20; i++) secret('anthropic', 'ANTHROPIC_API_KEY', `sk-ant-api03-${keyChars(ALNUM + '-_', 93)}AA`);
function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
for (let i = 0; i < 22; i++) {
  const header = pick([{ alg: 'HS256', typ: 'JWT' }, { alg: 'RS256', typ: 'JWT', kid: chars(HEX, 16) }, { typ: 'JWT', alg: 'ES256' }, { alg: 'EdDSA' }]);
  const payload = { sub: chars(DIGITS, 10), name: Name(), iat: int(1_600_000_000, 1_750_000_000), scope: pick(['read', 'read write', 'admin']) };
  const jwt = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${chars(B64URL, pick([43, 86, 342]))}`;
  const template = pick<(p: Piece) => Piece[]>([(p) => ['Authorization: Bearer ', p], (p) => ['Decode this JWT for me: ', p], (p) => ['{"id_token": "', p, '"}']]);
  secret(`jwt-${header.alg.toLowerCase()}`, 'JWT', jwt, template);
}
for (let i = 0; i < 20; i++) {
  const kind = pick(['RSA ', 'EC ', 'OPENSSH ', '', 'ENCRYPTED ', 'DSA ']);
  const lines = Array.from({ length: int(3, 25) }, () => chars(B64, 64));
  const escaped = i % 4 === 3;
  const newline = escaped ? '\\n' : '\n';
  const pem = `-----BEGIN ${kind}PRIVATE KEY-----${newline}${lines.join(newline)}${newline}${chars(B64, 20)}==${newline}-----END ${kind}PRIVATE KEY-----`;
  const template = escaped ? (p: Piece): Piece[] => ['{"type": "service_account", "private_key": "', p, '\\n"}'] : (p: Piece): Piece[] => ['My deploy key:\n', p, '\nwhy does ssh reject it?'];
  secret(`pem-${kind.trim().toLowerCase() || 'pkcs8'}${escaped ? '-json' : ''}`, 'PRIVATE_KEY', pem, template);
}
const PASSWORDS = (): string => pick([`${pick(LAST)}${int(10, 9999)}!`, keyChars(ALNUM + '!#%&*', int(10, 18)), `${pick(['Summer', 'Winter', 'Spring'])}${int(2019, 2025)}$`, `${pick(FIRST)}_${pick(LAST)}_${int(1, 99)}`]);
const CREDENTIAL_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['password=', e('CREDENTIAL', v)],
  (v) => ['db:\n  host: db.internal\n  passwd: ', e('CREDENTIAL', v), '\n  port: 5432'],
  (v) => ['{"username": "admin", "password": "', e('CREDENTIAL', v), '"}'],
  (v) => ['export DB_PASSWORD=\'', e('CREDENTIAL', v), '\''],
  (v) => ['secret=', e('CREDENTIAL', v), ' in the .env file is not picked up'],
  (v) => ['api_key: ', e('CREDENTIAL', v), '\ntimeout: 30'],
  (v) => ['The wifi password: ', e('CREDENTIAL', v), ' (guest network)'],
  (v) => ['mysql -u root --password=', e('CREDENTIAL', v), ' shop'],
  (v) => ['client_secret = "', e('CREDENTIAL', v), '"'],
];
for (let i = 0; i < 24; i++) positive('credential-assignment', pick(CREDENTIAL_TEMPLATES)(PASSWORDS()));
const GENERIC_TEMPLATES: Array<(v: string) => Piece[]> = [
  (v) => ['curl -H "Authorization: Bearer ', e('GENERIC_SECRET', v), '" https://api.example.com/v1/items'],
  (v) => ['Use access token ', e('GENERIC_SECRET', v), ' for the staging API.'],
  (v) => ['X-Auth: ', e('GENERIC_SECRET', v), '  (this is the secret the vendor sent)'],
  (v) => ['the webhook signing secret is ', e('GENERIC_SECRET', v)],
];
for (let i = 0; i < 20; i++) positive('generic-high-entropy', pick(GENERIC_TEMPLATES)(keyChars(pick([ALNUM, B64URL, HEX + 'ABCDEF']), pick([24, 32, 40, 48]))));

// ---- look-alikes -----------------------------------------------------------------------------------------------
const uuid = (): string => `${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-${pick(['8', '9', 'a', 'b'])}${chars(HEX, 3)}-${chars(HEX, 12)}`;
const sha = (): string => chars(HEX, 40);
for (let i = 0; i < 40; i++) {
  lookalike('order-number', pick([
    `Where is order #${chars(DIGITS, int(6, 10))}? It was due last week.`,
    `Order ${pick(['A', 'B', 'ORD'])}-${int(2019, 2025)}-${chars(DIGITS, 6)} shipped on Tuesday.`,
    `PO-${chars(DIGITS, 5)}-${chars(DIGITS, 2)} was approved by finance.`,
    `Your order number is ${chars(DIGITS, 13)}.`,
    `Refund for order ${chars(DIGITS, 16)} has been processed.`,
    `Invoice INV-${chars(DIGITS, 8)} and order ${chars(DIGITS, 4)}-${chars(DIGITS, 4)}-${chars(DIGITS, 4)}-${chars(DIGITS, 4)}`,
  ]));
}
for (let i = 0; i < 30; i++) {
  lookalike('uuid', pick([`request_id=${uuid()} failed with 500`, `{"id": "${uuid()}", "status": "active"}`, `Idempotency-Key: ${uuid()}`, `trace ${uuid().replace(/-/g, '')} in Jaeger`]));
}
for (let i = 0; i < 35; i++) {
  lookalike('git-sha', pick([
    `commit ${sha()}\nAuthor: ${Name()}`,
    `git checkout ${sha()}`,
    `The regression came in with ${sha().slice(0, 7)} (merge ${sha().slice(0, 12)}).`,
    `"resolved": "https://registry.npmjs.org/x", "gitHead": "${sha()}"`,
    `Revert "${pick(['fix', 'feat'])}: stuff"\n\nThis reverts commit ${sha()}.`,
  ]));
}
for (let i = 0; i < 30; i++) {
  lookalike('price', pick([
    `The plan costs $${int(1, 9)},${chars(DIGITS, 3)}.${chars(DIGITS, 2)} per year.`,
    `Preis: ${int(1, 9)}.${chars(DIGITS, 3)},${chars(DIGITS, 2)} €`,
    `Total USD ${int(10, 99)} ${chars(DIGITS, 3)}.${chars(DIGITS, 2)} incl. tax`,
    `¥${int(1000, 999999)} or about £${int(10, 9999)}.${chars(DIGITS, 2)}`,
    `Budget line 4: 1 250 000.00 EUR, line 5: ${int(100, 999)} ${chars(DIGITS, 3)} ${chars(DIGITS, 3)}.00 EUR`,
  ]));
}
for (let i = 0; i < 40; i++) {
  const y = int(2015, 2025);
  const ts = `${y}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
  const time = `${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}`;
  lookalike('timestamp', pick([
    `${ts}T${time}Z ERROR worker crashed`,
    `[${ts} ${time}.${chars(DIGITS, 3)}] GET /api/v1/items 200`,
    `created_at: ${int(1_500_000_000, 1_750_000_000)}`,
    `epoch millis ${int(1_500_000_000, 1_750_000_000)}${chars(DIGITS, 3)}`,
    `The meeting moved to ${ts} at ${time.slice(0, 5)}.`,
    `Date: ${pick(['Mon', 'Tue', 'Wed'])}, ${int(1, 28)} ${pick(MONTHS).slice(0, 3)} ${y} ${time} +0000`,
    `Deadline ${pad(int(1, 28), 2)}/${pad(int(1, 12), 2)}/${y}, review ${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}-${y}`,
  ]));
}
for (let i = 0; i < 30; i++) {
  lookalike('tracking-number', pick([
    `UPS tracking 1Z${chars(UPPER + DIGITS, 6)}${chars(DIGITS, 10)}`,
    `USPS: 9400 ${chars(DIGITS, 4)} ${chars(DIGITS, 4)} ${chars(DIGITS, 4)} ${chars(DIGITS, 4)} ${chars(DIGITS, 2)}`,
    `FedEx ${chars(DIGITS, 12)} is out for delivery`,
    `DHL waybill ${chars(DIGITS, 10)}`,
    `Royal Mail ${chars(UPPER, 2)}${chars(DIGITS, 9)}GB`,
  ]));
}
function isbn13(): string {
  const partial = `978${chars(DIGITS, 9)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(partial[i]) * (i % 2 === 0 ? 1 : 3);
  const full = `${partial}${(10 - (sum % 10)) % 10}`;
  return random() < 0.5 ? full : `${full.slice(0, 3)}-${full.slice(3, 4)}-${full.slice(4, 7)}-${full.slice(7, 12)}-${full.slice(12)}`;
}
for (let i = 0; i < 25; i++) lookalike('isbn', pick([`ISBN ${isbn13()}`, `Cite the book (ISBN-13: ${isbn13()}) in APA style.`, `isbn: ${isbn13()}`]));
for (let i = 0; i < 35; i++) {
  lookalike('version', pick([
    `Upgrade from v${int(1, 9)}.${int(0, 20)}.${int(0, 30)} to v${int(1, 9)}.${int(0, 20)}.${int(0, 30)}`,
    `Windows version ${int(6, 10)}.${int(0, 3)}.${int(10000, 22631)}.${int(1, 3000)}`,
    `node ${int(16, 22)}.${int(0, 20)}.${int(0, 9)}, npm ${int(8, 10)}.${int(0, 9)}.${int(0, 9)}`,
    `Chrome/${int(100, 125)}.0.${int(1000, 6500)}.${int(10, 200)} Safari/537.36`,
    `"version": "${int(0, 5)}.${int(0, 30)}.${int(0, 30)}-beta.${int(1, 9)}"`,
    `firmware ${int(1, 4)}.${int(0, 9)}.${int(0, 9)}.${int(0, 99)} fixes the bug`,
  ]));
}
for (let i = 0; i < 20; i++) lookalike('hex-colour', pick([`color: #${chars(HEX, 6)}; background: #${chars(HEX, 3)};`, `Use ${pick(['#', '#'])}${chars(HEX, 6).toUpperCase()} for the header and #${chars(HEX, 8)} for overlays.`]));
for (let i = 0; i < 30; i++) {
  lookalike('base64-in-code', pick([
    `const logo = "data:image/png;base64,iVBORw0KGgo${chars(B64, 120)}";`,
    `b64 = "${Buffer.from(`${Name()} ${chars(LOWER, 30)}`).toString('base64')}"\nprint(base64.b64decode(b64))`,
    `"integrity": "sha512-${chars(B64, 86)}=="`,
    `font: url(data:font/woff2;base64,${chars(B64, 200)}) format("woff2");`,
    `echo ${Buffer.from(chars(ALNUM, 24)).toString('base64')} | base64 -d`,
  ]));
}
for (let i = 0; i < 60; i++) {
  lookalike('near-miss', pick([
    `Coordinates ${int(-89, 89)}.${chars(DIGITS, 4)}, ${int(-179, 179)}.${chars(DIGITS, 4)}`,
    `See section ${int(1, 9)}.${int(1, 9)}.${int(1, 9)}.${int(1, 9)} of the RFC.`,
    `-----BEGIN CERTIFICATE-----\n${chars(B64, 64)}\n-----END CERTIFICATE-----`,
    `-----BEGIN PUBLIC KEY-----\n${chars(B64, 64)}\n-----END PUBLIC KEY-----`,
    'Add "password: string" and "password_confirmation: string" to the form type.',
    'Set max_tokens: 1024 and token_count: 512 in the request.',
    'password = getpass.getpass("Password: ")',
    'api_key = os.environ["OPENAI_API_KEY"]',
    'secret: ${{ secrets.DEPLOY_KEY }}',
    'password: "********"',
    `Follow @${pick(FIRST)}${int(1, 99)} and email us at support at example dot com.`,
    `@Override public void run() { log("${pick(FIRST)}@localhost"); }`,
    `npm i @types/node@${int(16, 22)}.${int(0, 9)}.${int(0, 9)}`,
    'Install scikit-learn, then pip install sk-video and use task-runner-configuration-v2.',
    `The SKU is SK-${chars(DIGITS, 6)}, bin ${chars(DIGITS, 3)}-${chars(DIGITS, 2)}-${chars(DIGITS, 3)}.`,
    `Room ${int(100, 999)}, extension ${int(1000, 9999)}, floor ${int(1, 30)}.`,
    `ZIP ${chars(DIGITS, 5)}-${chars(DIGITS, 4)}`,
    `arn:aws:iam::${chars(DIGITS, 12)}:role/${pick(['deploy', 'reader'])}`,
    `sha256:${chars(HEX, 64)}`,
    `docker pull ghcr.io/acme/app@sha256:${chars(HEX, 64)}`,
    `The ratio was 1.${chars(DIGITS, 3)} and p = 0.0${chars(DIGITS, 3)}.`,
    `eyJ${chars(B64URL, 20)} is just the start of a base64 JSON blob`,
    `Table: ${chars(DIGITS, 3)} ${chars(DIGITS, 3)} ${chars(DIGITS, 3)} ${chars(DIGITS, 3)}`,
    `Account ${chars(UPPER, 2)}${chars(DIGITS, 2)} ${chars(DIGITS, 4)} ${chars(DIGITS, 4)} ${chars(DIGITS, 4)} (internal ref)`,
    `MAC ${chars(HEX, 2)}:${chars(HEX, 2)}:${chars(HEX, 2)}:${chars(HEX, 2)}:${chars(HEX, 2)}:${chars(HEX, 2)}`,
    `std::vector<int> v; auto it = v.begin();`,
    `The key insight is that ${chars(LOWER, 8)}-${chars(LOWER, 6)} tokens are reused.`,
    `Forgot your password? Click the link we sent.`,
  ]));
}
for (let i = 0; i < 30; i++) {
  lookalike('plain-prompt', pick([
    'Summarise the attached meeting notes in three bullet points.',
    'Write a haiku about autumn leaves and the first frost.',
    'Explain the difference between TCP and UDP for a beginner.',
    'Refactor this function to use async/await instead of callbacks.',
    `Translate "the train leaves at 7 from platform 4" into French.`,
    'What are the tax implications of selling stock held for 11 months?',
    `In 2023 revenue grew 14% to 2.4 billion; in 2024 it fell 3%.`,
    'List five vegetarian dinners that take under 30 minutes.',
  ]));
}

// ---- the hand-written held-out set ---------------------------------------------------------------------
/** `+ text with [[TYPE|value]] markers` or `- look-alike text`; `#` starts a comment. */
function parseHandwritten(line: string, index: number): EvalItem | undefined {
  if (line.trim() === '' || line.startsWith('#')) return undefined;
  const kind = line.slice(0, 2);
  if (kind !== '+ ' && kind !== '- ') throw new Error(`handwritten.txt line ${index + 1}: starts with neither "+ " nor "- "`);
  const pieces: Piece[] = [];
  const body = line.slice(2);
  let cursor = 0;
  for (const marker of body.matchAll(/\[\[([A-Z_]+)\|(.*?)\]\]/g)) {
    pieces.push(body.slice(cursor, marker.index), e(marker[1] ?? '', marker[2] ?? ''));
    cursor = marker.index + marker[0].length;
  }
  pieces.push(body.slice(cursor));
  const item = build(`h${pad(index + 1, 4)}`, kind === '+ ' ? 'handwritten' : 'handwritten-lookalike', pieces);
  if ((kind === '+ ') !== item.entities.length > 0) throw new Error(`handwritten.txt line ${index + 1}: "+" lines need markers, "-" lines none`);
  return item;
}

const dir = import.meta.dirname;
const handwritten = readFileSync(join(dir, 'handwritten.txt'), 'utf8')
  .split('\n')
  .map(parseHandwritten)
  .filter((item) => item !== undefined);
const writeJsonl = (file: string, items: readonly EvalItem[]): void => writeFileSync(join(dir, file), items.map((item) => JSON.stringify(item)).join('\n') + '\n');
writeJsonl('positives.jsonl', positives);
writeJsonl('lookalikes.jsonl', lookalikes);
writeJsonl('handwritten.jsonl', handwritten);
console.log(`${positives.length} positive items (${positives.reduce((sum, item) => sum + item.entities.length, 0)} entities), ${lookalikes.length} look-alikes, ${handwritten.length} hand-written`);
