import { expect } from 'chai';
import { SsrfPolicy } from '../../../../core/security/ssrf-policy.js';
import { embeddedIPv4 } from '../../../../core/security/address-ranges.js';

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
    expect(await refusal(lab, 'http://10.0.0.1')).to.equal('points to a private, loopback or reserved address');
    expect(await refusal(lab, 'http://93.184.216.34')).to.equal('address is denied');
    const named = new SsrfPolicy({ ...DEFAULTS, allow_hosts: ['localhost'] });
    expect(await refusal(named, 'http://localhost:8000')).to.equal(undefined);
  });

  it('the connect-time lookup refuses a name that resolves somewhere private', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => policy.lookup('localhost', {}, (e) => resolve(e)));
    expect(err?.code).to.equal('ESSRF');
  });

  it('finds the IPv4 address inside IPv6 forms', () => {
    expect(embeddedIPv4('::ffff:10.0.0.1')).to.equal('10.0.0.1');
    expect(embeddedIPv4('::ffff:a00:1')).to.equal('10.0.0.1');
    expect(embeddedIPv4('64:ff9b::a00:1')).to.equal('10.0.0.1');
    expect(embeddedIPv4('2002:a00:1::')).to.equal('10.0.0.1');
    expect(embeddedIPv4('2001:4860::8888')).to.equal(undefined);
    expect(embeddedIPv4('::1')).to.equal(undefined);
  });
});
