import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** Cloud metadata endpoints: refused even when an allowlist would admit them. */
export const METADATA_ADDRESSES = ['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254'];
export const METADATA_HOSTS = ['metadata.google.internal', 'metadata', 'instance-data', 'metadata.azure.com'];

/**
 * Every block of IANA's IPv4 Special-Purpose Address Registry that is not globally reachable, the
 * blocks that are reachable but are anycast services no worker lives at, multicast and broadcast.
 * https://www.iana.org/assignments/iana-ipv4-special-registry (checked 2026-12; each block has a test).
 */
export const SPECIAL_PURPOSE_V4: readonly string[] = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // private
  '100.64.0.0/10', // shared address space (carrier-grade NAT)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments (DS-Lite, PCP/TURN anycast, NAT64 discovery …)
  '192.0.2.0/24', // TEST-NET-1
  '192.31.196.0/24', // AS112-v4
  '192.52.193.0/24', // AMT
  '192.88.99.0/24', // deprecated 6to4 relay anycast
  '192.168.0.0/16', // private
  '192.175.48.0/24', // AS112 direct delegation
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // TEST-NET-2
  '203.0.113.0/24', // TEST-NET-3
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved (255.255.255.255 broadcast included)
];

/**
 * The same for IANA's IPv6 Special-Purpose Address Registry, plus multicast, site-local and the
 * IPv4-compatible block. Forms that carry an IPv4 address (mapped, translated, NAT64, 6to4,
 * Teredo) are refused as whole blocks: whatever they embed, a worker has a plain address.
 * https://www.iana.org/assignments/iana-ipv6-special-registry
 */
export const SPECIAL_PURPOSE_V6: readonly string[] = [
  '::/128', // unspecified
  '::1/128', // loopback
  '::/96', // IPv4-compatible (deprecated)
  '::ffff:0:0/96', // IPv4-mapped
  '::ffff:0:0:0/96', // IPv4-translated (SIIT)
  '64:ff9b::/96', // IPv4/IPv6 translation (NAT64 well-known prefix)
  '64:ff9b:1::/48', // local-use IPv4/IPv6 translation
  '100::/64', // discard-only
  '100:0:0:1::/64', // dummy IPv6 prefix
  '2001::/23', // IETF protocol assignments (Teredo 2001::/32, benchmarking, ORCHID, AMT, AS112 …)
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4
  '2620:4f:8000::/48', // AS112 direct delegation
  '3fff::/20', // documentation
  '5f00::/16', // segment routing (SRv6) SIDs
  'fc00::/7', // unique local
  'fe80::/10', // link-local unicast
  'fec0::/10', // site-local (deprecated)
  'ff00::/8', // multicast
];

/** A parsed CIDR list; a bare address is a /32 or /128. Throws on anything else. */
export function parseCidrs(cidrs: readonly string[]): Cidr[] {
  return cidrs.map((cidr) => {
    try {
      return cidr.includes('/') ? ipaddr.parseCIDR(cidr) : addressCidr(ipaddr.parse(cidr));
    } catch {
      throw new Error(`"${cidr}" is not a CIDR or address`);
    }
  });
}

function addressCidr(address: Address): Cidr {
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

const SPECIAL_V4 = parseCidrs(SPECIAL_PURPOSE_V4);
const SPECIAL_V6 = parseCidrs(SPECIAL_PURPOSE_V6);
const METADATA = parseCidrs(METADATA_ADDRESSES);

/**
 * Parses any spelling Node's resolver or WHATWG URL may hand over (zone ids dropped). An IPv6 form
 * of an IPv4 address is judged as both (the IPv6 block and the IPv4 inside).
 */
export function parseAddress(text: string): Address | undefined {
  const plain = text.split('%')[0] ?? text;
  return ipaddr.isValid(plain) ? ipaddr.parse(plain) : undefined;
}

export function inAny(address: Address, cidrs: readonly Cidr[]): boolean {
  return cidrs.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits));
}

/** Not a globally reachable unicast address a worker could legitimately have. */
export function isSpecialPurpose(address: Address): boolean {
  return inAny(address, address.kind() === 'ipv4' ? SPECIAL_V4 : SPECIAL_V6);
}

export function isMetadata(address: Address): boolean {
  const mapped = embeddedIPv4(address);
  return inAny(address, METADATA) || (mapped !== undefined && inAny(mapped, METADATA));
}

/**
 * The IPv4 address an IPv6 address carries, if any: IPv4-mapped, IPv4-compatible, NAT64 (both
 * prefixes) and 6to4. Attackers use these to dress a private IPv4 address as IPv6; allow and deny
 * lists written for IPv4 must see through them.
 */
export function embeddedIPv4(address: Address): ipaddr.IPv4 | undefined {
  if (!(address instanceof ipaddr.IPv6)) return undefined;
  const parts = address.parts;
  const v4 = (hi: number, lo: number): ipaddr.IPv4 => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  const zeros = (from: number, to: number): boolean => parts.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && (parts[5] === 0xffff || parts[5] === 0) && !(parts[5] === 0 && parts[6] === 0 && parts[7]! <= 1)) return v4(parts[6]!, parts[7]!);
  if (parts[0] === 0x64 && parts[1] === 0xff9b) return v4(parts[6]!, parts[7]!);
  if (parts[0] === 0x2002) return v4(parts[1]!, parts[2]!);
  return undefined;
}
