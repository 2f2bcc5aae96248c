import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '../../../../core/logging/create-logger.js';
import { waitFor } from '../../../support/wait-for.js';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines when not on a terminal, secrets censored', async () => {
    const out = sink();
    createLogger('info', false, out.stream).info({ request_id: 'r1', headers: { authorization: 'Bearer sk-secret' } }, 'request');
    const line = await waitFor('a log line', () => out.text() || undefined);
    expect(JSON.parse(line)).to.deep.include({ msg: 'request', request_id: 'r1', headers: { authorization: '[redacted]' } });
  });

  it('writes readable lines on a terminal, secrets still censored', async () => {
    const out = sink();
    createLogger('info', true, out.stream).info({ request_id: 'r2', headers: { authorization: 'Bearer sk-secret' } }, 'request');
    const text = await waitFor('a pretty line', () => (out.text().includes('r2') ? out.text() : undefined));
    expect(text.trimStart().startsWith('{')).to.equal(false);
    expect(text).to.include('INFO').and.include('request').and.not.include('sk-secret');
  });
});
