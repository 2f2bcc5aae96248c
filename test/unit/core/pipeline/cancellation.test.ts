import { expect } from 'chai';
import { request } from 'undici';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { abortSignalOf, Cancellation } from '../../../../core/pipeline/cancellation.js';

describe('Cancellation', () => {
  it('aborts once, with its reason (an AbortError by default), and runs each listener once', () => {
    const c = new Cancellation();
    let calls = 0;
    const listener = (): void => void calls++;
    c.addEventListener('abort', listener);
    c.abort(new Error('first'));
    c.abort(new Error('second'));
    expect(c.aborted).to.equal(true);
    expect((c.reason as Error).message).to.equal('first');
    expect(calls).to.equal(1);
    const d = new Cancellation();
    d.abort();
    expect(d.reason).to.be.instanceOf(DOMException).with.property('name', 'AbortError');
  });

  it('a removed listener is not called; following() stops after unlink', () => {
    const parent = new Cancellation();
    const { cancellation: child, unlink } = Cancellation.following(parent);
    const { cancellation: other } = Cancellation.following(parent);
    unlink();
    parent.abort(new Error('gone'));
    expect(child.aborted, 'unlinked').to.equal(false);
    expect(other.aborted).to.equal(true);
    expect((other.reason as Error).message).to.equal('gone');
    const { cancellation: late } = Cancellation.following(parent);
    expect(late.aborted, 'a parent already aborted').to.equal(true);
  });

  it('gives a real AbortSignal on demand that follows it, before or after the abort', () => {
    const c = new Cancellation();
    const signal = abortSignalOf(c);
    expect(signal).to.be.instanceOf(AbortSignal);
    expect(abortSignalOf(c), 'made once').to.equal(signal);
    c.abort(new Error('stop'));
    expect(signal.aborted).to.equal(true);
    expect((signal.reason as Error).message).to.equal('stop');
    const done = new Cancellation();
    done.abort();
    expect(abortSignalOf(done).aborted).to.equal(true);
    const real = new AbortController().signal;
    expect(abortSignalOf(real), 'an AbortSignal is its own').to.equal(real);
  });

  it('is taken by undici as a request signal: aborting it ends a request in flight', async () => {
    let server: Server | undefined;
    const arrived = new Promise<void>((resolve) => {
      server = createServer((_req, res) => {
        res.writeHead(200);
        res.write('first');
        resolve();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    try {
      const c = new Cancellation();
      const res = await request(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, { signal: c });
      await arrived;
      c.abort(new Error('client went away'));
      const err = await res.body.text().then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(Error);
    } finally {
      server?.closeAllConnections();
      server?.close();
    }
  });
});
