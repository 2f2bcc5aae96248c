import { expect } from 'chai';
import { valuesOf } from './find-entities.js';

describe('pii-redaction IP address recognizer', () => {
  it('finds IPv4 and IPv6 addresses, in URLs and with ports', () => {
    expect(valuesOf('IP_ADDRESS', 'from 203.0.113.7:8443 via http://10.1.2.3/x and 2001:db8::8a2e:370:7334, ::ffff:192.0.2.1')).to.deep.equal([
      '203.0.113.7',
      '10.1.2.3',
      '2001:db8::8a2e:370:7334',
      '::ffff:192.0.2.1',
    ]);
  });

  it('refuses out-of-range octets, version strings, times, MACs and C++ scopes', () => {
    const text = 'v1.2.3.4, version 10.0.0.1, 256.1.1.1, 1.2.3, 10:30:00, 00:1A:2B:3C:4D:5E, std::vector, 1.2.3.4.5';
    expect(valuesOf('IP_ADDRESS', text)).to.deep.equal([]);
  });
});
