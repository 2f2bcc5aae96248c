import { expect } from 'chai';
import { valuesOf } from './find-entities.js';

describe('pii-redaction private key recognizer', () => {
  it('finds PEM private key blocks of several kinds, escaped newlines included', () => {
    const rsa = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----';
    const openssh = '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk\\n-----END OPENSSH PRIVATE KEY-----';
    expect(valuesOf('PRIVATE_KEY', `key:\n${rsa}\nand "${openssh}"`)).to.deep.equal([rsa, openssh]);
  });

  it('ignores certificates, public keys and a BEGIN without its END', () => {
    const text = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n-----BEGIN RSA PRIVATE KEY-----\nMIIE';
    expect(valuesOf('PRIVATE_KEY', text)).to.deep.equal([]);
  });
});
