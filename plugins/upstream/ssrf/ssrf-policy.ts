import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import type { SsrfConfig } from '../config/config-types.js';
import { embeddedIPv4, inAny, isMetadata, isSpecialPurpose, METADATA_HOSTS, parseAddress, parseCidrs } from './address-ranges.js';

const lookupAll = promisify(dnsLookup);

export class SsrfError extends Error {
  override name = 'SsrfError';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Decides whether the gateway may connect to a URL an admin registered. Checked at registration
 * (scheme, no user:password@, host lists, every address the name resolves to) and again at connect
 * time through `lookup`, which refuses a name that has since started resolving somewhere private
 * (DNS rebinding). Every spelling of an address (decimal, hex, octal, short forms, IPv6 forms that
 * carry an IPv4 address) is reduced to its canonical form before it is judged against IANA's
 * special-purpose registries.
 */
export class SsrfPolicy {
  readonly #allowCidrs;
  readonly #denyCidrs;

  constructor(private readonly config: SsrfConfig) {
    this.#allowCidrs = parseCidrs(config.allow_cidrs);
    this.#denyCidrs = parseCidrs(config.deny_cidrs);
  }

  async checkUrl(raw: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new SsrfError('is not a valid URL');
    }
    const scheme = url.protocol.slice(0, -1);
    if (!(this.config.allowed_schemes as readonly string[]).includes(scheme)) throw new SsrfError(`scheme "${scheme}" is not allowed`);
    if (url.username !== '' || url.password !== '') throw new SsrfError('must not carry user:password@');
    const host = canonicalHost(url);
    if (host === '') throw new SsrfError('has no host');
    if (parseAddress(host) !== undefined) {
      this.#checkAddress(host, undefined);
      return;
    }
    this.#checkName(host);
    let addresses: LookupAddress[];
    try {
      addresses = await lookupAll(host, { all: true, verbatim: true });
    } catch {
      throw new SsrfError('host does not resolve');
    }
    for (const { address } of addresses) this.#checkAddress(address, host);
  }

  /** A `lookup` for net.connect: resolves as usual, then refuses disallowed addresses. */
  readonly lookup = (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, []);
      try {
        for (const { address } of addresses) this.#checkAddress(address, hostname);
      } catch (refusal) {
        return callback(Object.assign(refusal instanceof Error ? refusal : new SsrfError('refused'), { code: 'ESSRF' }), []);
      }
      const all = (options as { all?: boolean }).all === true;
      if (all) return callback(null, addresses);
      const first = addresses[0];
      return first ? callback(null, first.address, first.family) : callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), []);
    });
  };

  #checkName(host: string): void {
    const name = host.toLowerCase().replace(/\.$/, '');
    if (METADATA_HOSTS.includes(name)) throw new SsrfError('is a cloud metadata host');
    if (matchesHost(name, this.config.deny_hosts)) throw new SsrfError('host is denied');
  }

  #checkAddress(text: string, hostname: string | undefined): void {
    const address = parseAddress(text);
    if (address === undefined) throw new SsrfError('is not an IP address');
    if (isMetadata(address)) throw new SsrfError('is a cloud metadata address');
    const v4 = embeddedIPv4(address);
    const forms = v4 === undefined ? [address] : [address, v4];
    if (forms.some((form) => inAny(form, this.#denyCidrs))) throw new SsrfError('address is denied');
    const hostAllowed = hostname !== undefined && matchesHost(hostname.toLowerCase(), this.config.allow_hosts);
    if (hostAllowed) return;
    // An allow_cidrs entry admits the address in the form it was written for (an IPv4 range admits
    // that range's IPv4-mapped spellings too).
    for (const form of forms) {
      if (isSpecialPurpose(form) && !forms.some((f) => inAny(f, this.#allowCidrs))) {
        throw new SsrfError(`points to a private, loopback or reserved address; ${howToAllow(hostname === undefined ? (v4 ?? address) : undefined)}`);
      }
    }
  }
}

/**
 * The fix, named: the settings that admit a private worker (every seed example runs one on
 * loopback). A literal address gets its own /32 or /128; a name's resolved addresses are not told.
 */
function howToAllow(literal: ReturnType<typeof parseAddress>): string {
  const example = literal === undefined ? '' : ` (for this address: "${literal.toString()}/${literal.kind() === 'ipv4' ? 32 : 128}")`;
  return `if this worker is yours, add its range to security.ssrf.allow_cidrs${example} or its host name to security.ssrf.allow_hosts in the config, and restart`;
}

/**
 * The host as the connection will use it. Non-special schemes (grpc://) keep an opaque host in
 * WHATWG URL, so it is re-parsed as http to get the same IPv4 normalisation (127.1 → 127.0.0.1).
 */
function canonicalHost(url: URL): string {
  const host = ['http:', 'https:'].includes(url.protocol) ? url.hostname : new URL(`http://${url.host}`).hostname;
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

function matchesHost(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p.toLowerCase()));
}
