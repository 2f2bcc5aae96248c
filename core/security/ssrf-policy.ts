import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import { isIP, type BlockList } from 'node:net';
import type { SsrfConfig } from '../config/gateway-config.js';
import { blockListOf, embeddedIPv4, METADATA_HOSTS, METADATA_RANGES, PRIVATE_RANGES } from './address-ranges.js';

const lookupAll = promisify(dnsLookup);

export class SsrfError extends Error {
  override name = 'SsrfError';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Decides whether the gateway may connect to a URL an admin registered. Checked at registration
 * (scheme, no user:password@, host lists, every address the name resolves to) and again at connect
 * time through `lookup`, which refuses a name that has since started resolving somewhere private
 * (DNS rebinding). Every spelling of an address (decimal, hex, octal, short forms, IPv4-mapped or
 * NAT64 IPv6) is reduced to its canonical form before it is judged.
 */
export class SsrfPolicy {
  readonly #allowCidrs: BlockList;
  readonly #denyCidrs: BlockList;

  constructor(private readonly config: SsrfConfig) {
    this.#allowCidrs = blockListOf(config.allow_cidrs);
    this.#denyCidrs = blockListOf(config.deny_cidrs);
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
    if (isIP(host) !== 0) {
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
        return callback(Object.assign(refusal as Error, { code: 'ESSRF' }), []);
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

  #checkAddress(address: string, hostname: string | undefined): void {
    const v4 = isIP(address) === 6 ? embeddedIPv4(address) : undefined;
    const candidates = v4 === undefined ? [address] : [address, v4];
    for (const candidate of candidates) {
      const family = isIP(candidate) === 6 ? 'ipv6' : 'ipv4';
      if (METADATA_RANGES.check(candidate, family)) throw new SsrfError('is a cloud metadata address');
      if (this.#denyCidrs.check(candidate, family)) throw new SsrfError('address is denied');
      const hostAllowed = hostname !== undefined && matchesHost(hostname.toLowerCase(), this.config.allow_hosts);
      if (PRIVATE_RANGES.check(candidate, family) && !hostAllowed && !this.#allowCidrs.check(candidate, family)) {
        throw new SsrfError('points to a private, loopback or reserved address');
      }
    }
  }
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
