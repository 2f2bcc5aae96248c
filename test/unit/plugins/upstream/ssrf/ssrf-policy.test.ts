import { expect } from 'chai';
import { SsrfPolicy } from '../../../../../plugins/upstream/ssrf/ssrf-policy.js';
import ipaddr from 'ipaddr.js';
import { embeddedIPv4, parseAddress, SPECIAL_PURPOSE_V4, SPECIAL_PURPOSE_V6 } from '../../../../../plugins/upstream/ssrf/address-ranges.js';

const DEFAULTS = { allowed_schemes: ['http', 'https', 'grpc'] as ('http' | 'https' | 'grpc')[], allow_hosts: [], allow_cidrs: [], deny_hosts: [], deny_cidrs: [] };

async function refusal(policy: SsrfPolicy, url: string): Promise<string | undefined> {
  return policy.checkUrl(url).then(() => undefined, (err: Error) => err.message);
}

describe('SsrfPolicy', () => {
  const policy = new SsrfPolicy(DEFAULTS);

  it('refuses every spelling of loopback, private and metadata addresses', async () => {
    const vectors = [
      'http://127.0.0.1:8000', 'http://127.1', 'http://2130706433', 'http://0x7f000001', 'http://0x7f.0.0.1', 'http://0177.0.0.1',
      'http://017700000001', 'http://[::1]', 'http://[::ffff:127.0.0.1]', 'http://[::ffff:7f00:1]', 'http://[0:0:0:0:0:ffff:7f00:1]',
      'http://[64:ff9b::7f00:1]', 'http://[2002:7f00:1::]', 'http://10.1.2.3', 'http://172.16.0.1', 'http://192.168.1.1', 'http://100.64.0.1',
      'http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]', 'http://0.0.0.0', 'http://[::]', 'http://[fe80::1]', 'http://[fc00::1]',
      'grpc://127.1:50051', 'grpc://2130706433:50051', 'http://localhost:8000', 'http://metadata.google.internal',
    ];
    for (const url of vectors) expect(await refusal(policy, url), url).to.be.a('string');
  });

  it('refuses user:password@ tricks, disallowed schemes and nonsense', async () => {
    expect(await refusal(policy, 'http://127.0.0.1@example.com')).to.equal('must not carry user:password@');
    expect(await refusal(policy, 'http://example.com@127.0.0.1')).to.equal('must not carry user:password@');
    expect(await refusal(policy, 'file:///etc/passwd')).to.equal('scheme "file" is not allowed');
    expect(await refusal(policy, 'gopher://127.0.0.1')).to.equal('scheme "gopher" is not allowed');
    expect(await refusal(policy, 'not a url')).to.equal('is not a valid URL');
  });

  it('allows public addresses, and private ones only through allow_cidrs/allow_hosts; metadata never', async () => {
    expect(await refusal(policy, 'http://93.184.216.34:8000')).to.equal(undefined);
    const lab = new SsrfPolicy({ ...DEFAULTS, allow_cidrs: ['127.0.0.0/8', '169.254.0.0/16'], deny_cidrs: ['93.184.216.0/24'] });
    expect(await refusal(lab, 'http://127.0.0.1:8000')).to.equal(undefined);
    expect(await refusal(lab, 'http://[::ffff:127.0.0.1]:8000')).to.equal(undefined);
    expect(await refusal(lab, 'http://169.254.169.254')).to.equal('is a cloud metadata address');
    expect(await refusal(lab, 'http://10.0.0.1')).to.equal(
      'points to a private, loopback or reserved address; if this worker is yours, add its range to security.ssrf.allow_cidrs (for this address: "10.0.0.1/32") or its host name to security.ssrf.allow_hosts in the config, and restart',
    );
    expect(await refusal(policy, 'http://[::ffff:127.0.0.1]:8000'), 'the IPv4 inside, which allow_cidrs admits in every spelling').to.contain('"127.0.0.1/32"');
    expect(await refusal(policy, 'http://[fd00::1]')).to.contain('"fd00::1/128"');
    expect(await refusal(policy, 'http://localhost:8000'), 'a name: its resolved addresses are not told').to.match(/security\.ssrf\.allow_cidrs or its host name to security\.ssrf\.allow_hosts/);
    expect(await refusal(lab, 'http://93.184.216.34')).to.equal('address is denied');
    const named = new SsrfPolicy({ ...DEFAULTS, allow_hosts: ['localhost'] });
    expect(await refusal(named, 'http://localhost:8000')).to.equal(undefined);
  });

  it('the connect-time lookup refuses a name that resolves somewhere private', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => policy.lookup('localhost', {}, (e) => resolve(e)));
    expect(err?.code).to.equal('ESSRF');
  });

  it('finds the IPv4 address inside IPv6 forms', () => {
    const inside = (text: string): string | undefined => embeddedIPv4(parseAddress(text)!)?.toString();
    expect(inside('::ffff:10.0.0.1')).to.equal('10.0.0.1');
    expect(inside('::ffff:a00:1')).to.equal('10.0.0.1');
    expect(inside('64:ff9b::a00:1')).to.equal('10.0.0.1');
    expect(inside('64:ff9b:1::a00:1')).to.equal('10.0.0.1');
    expect(inside('2002:a00:1::')).to.equal('10.0.0.1');
    expect(inside('2001:4860::8888')).to.equal(undefined);
    expect(inside('::1')).to.equal(undefined);
  });

  describe('IANA special-purpose blocks, range by range', () => {
    /** The first and last address of a CIDR, and the address just past each end. */
    const edges = (cidr: string): { first: string; last: string; before: string | undefined; after: string | undefined } => {
      const [base, bits] = ipaddr.parseCIDR(cidr);
      const bytes = base.toByteArray();
      const total = bytes.length * 8;
      const first = bytes.map((b, i) => { const keep = Math.max(0, Math.min(8, bits - i * 8)); return b & (0xff << (8 - keep)) & 0xff; });
      const last = first.map((b, i) => { const keep = Math.max(0, Math.min(8, bits - i * 8)); return b | (0xff >> keep); });
      const step = (arr: number[], delta: 1 | -1): number[] | undefined => {
        const out = [...arr];
        for (let i = out.length - 1; i >= 0; i--) {
          const v = out[i]! + delta;
          if (v >= 0 && v <= 255) { out[i] = v; return out; }
          out[i] = delta === 1 ? 0 : 255;
        }
        return undefined;
      };
      const show = (arr: number[] | undefined): string | undefined => (arr === undefined ? undefined : ipaddr.fromByteArray(arr).toString());
      expect(total).to.be.oneOf([32, 128]);
      return { first: show(first)!, last: show(last)!, before: show(step(first, -1)), after: show(step(last, 1)) };
    };
    const url = (address: string): string => (address.includes(':') ? `http://[${address}]:8000` : `http://${address}:8000`);
    const all = [...SPECIAL_PURPOSE_V4, ...SPECIAL_PURPOSE_V6];
    const isCovered = (address: string): boolean => {
      const parsed = ipaddr.parse(address);
      return all.some((cidr) => { const [b, n] = ipaddr.parseCIDR(cidr); return b.kind() === parsed.kind() && parsed.match(b, n); });
    };

    for (const cidr of all) {
      it(`${cidr}: both ends refused; the neighbours outside follow their own block`, async () => {
        const { first, last, before, after } = edges(cidr);
        expect(await refusal(policy, url(first)), first).to.be.a('string');
        expect(await refusal(policy, url(last)), last).to.be.a('string');
        for (const outside of [before, after]) {
          if (outside === undefined || isCovered(outside)) continue;
          // An IPv6 address just outside a block may still carry an IPv4 address that is refused.
          const carried = embeddedIPv4(parseAddress(outside)!);
          if (carried !== undefined && isCovered(carried.toString())) continue;
          expect(await refusal(policy, url(outside)), `${outside} is outside ${cidr}`).to.equal(undefined);
        }
      });
    }

    it('covers the blocks a field test found missing', async () => {
      for (const address of ['::ffff:0:7f00:1', '64:ff9b:1::a00:1', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '100::1', '192.88.99.1']) {
        expect(await refusal(policy, url(address)), address).to.be.a('string');
      }
    });
  });
});
