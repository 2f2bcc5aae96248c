import { expect } from 'chai';
import { PassThrough, Readable } from 'node:stream';
import { BodyTooLargeError, readBoundedBody } from '../../../../core/streams/read-bounded-body.js';

/** The event-based reader must end every way `for await` over the stream did. */
describe('readBoundedBody', () => {
  it('returns the whole body, one chunk or many, strings included', async () => {
    expect((await readBoundedBody(Readable.from([Buffer.from('{"a":')]), 100)).toString()).to.equal('{"a":');
    const body = new PassThrough();
    const reading = readBoundedBody(body, 100);
    body.write('{"a":');
    body.write(Buffer.from('1}'));
    body.end();
    expect((await reading).toString()).to.equal('{"a":1}');
    expect(body.listenerCount('data') + body.listenerCount('end') + body.listenerCount('error')).to.equal(0);
  });

  it('refuses a body past the limit and destroys it', async () => {
    const body = new PassThrough();
    const reading = readBoundedBody(body, 4);
    body.write('12345');
    const err = await reading.then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(BodyTooLargeError);
    expect(body.destroyed).to.equal(true);

    // A server's request body is only stopped: its socket must stay open for the 413.
    const upload = new PassThrough();
    const stopped = readBoundedBody(upload, 4, undefined, 'stop');
    upload.write('12345');
    expect(await stopped.then(() => undefined, (e: unknown) => e)).to.be.instanceOf(BodyTooLargeError);
    expect(upload.destroyed).to.equal(false);
    expect(upload.isPaused()).to.equal(true);
  });

  it("rejects with the stream's error, or a premature close when it is destroyed before its end", async () => {
    const failing = new PassThrough();
    const failed = readBoundedBody(failing, 100);
    failing.destroy(new Error('socket hang up'));
    expect(await failed.then(() => '', (e: unknown) => (e instanceof Error ? e.message : ''))).to.equal('socket hang up');

    const cut = new PassThrough();
    const closed = readBoundedBody(cut, 100);
    cut.write('{"a"');
    cut.destroy();
    const err = await closed.then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(Error).with.property('code', 'ERR_STREAM_PREMATURE_CLOSE');

    const gone = new PassThrough();
    gone.destroy();
    expect(await readBoundedBody(gone, 100).then(() => 'read', () => 'rejected')).to.equal('rejected');
  });

  it('destroys a body that goes silent with the idle error', async () => {
    const body = new PassThrough();
    body.write('{');
    const err = await readBoundedBody(body, 100, { ms: 1, error: () => new Error('idle') }).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(Error).with.property('message', 'idle');
  });

  it('reads a body someone paused, and an empty body that has already ended', async () => {
    const paused = new PassThrough();
    paused.pause();
    paused.end('{}');
    expect((await readBoundedBody(paused, 100)).toString()).to.equal('{}');

    const empty = new PassThrough();
    empty.end();
    empty.resume();
    await new Promise((resolve) => empty.once('end', resolve));
    expect((await readBoundedBody(empty, 100)).length).to.equal(0);
  });
});
