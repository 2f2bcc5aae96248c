import { expect } from 'chai';
import { valuesOf } from './find-entities.js';

describe('pii-redaction credential assignment recognizer', () => {
  it('takes the value of password/secret/api_key assignments in several syntaxes', () => {
    const text = 'password=hunter2! DB_PASSWD: "s3cr3t pass" {"api_key": "k-9f8e7d"} export CLIENT_SECRET=\'abc123xyz\' pwd => tiger42';
    expect(valuesOf('CREDENTIAL', text)).to.deep.equal(['hunter2!', 's3cr3t pass', 'k-9f8e7d', 'abc123xyz', 'tiger42']);
  });

  it('ignores references, types, placeholders, comparisons and token counts', () => {
    const text = [
      'password: str',
      'password = getpass()',
      'api_key = os.environ["KEY"]',
      'secret: ${SECRET}',
      'password: "****"',
      'if password == other',
      'max_tokens: 1024',
      'token_type: bearer',
      'password: process.env.DB_PASSWORD',
    ].join('\n');
    expect(valuesOf('CREDENTIAL', text)).to.deep.equal([]);
  });
});
