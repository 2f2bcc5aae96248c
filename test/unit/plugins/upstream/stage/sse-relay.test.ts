import { expect } from 'chai';
import { PassThrough, Writable } from 'node:stream';
import { SseRelay } from '../../../../../plugins/upstream/stage/sse-relay.js';

function relayOptions(hideUsage: boolean) {
  return {
    hideUsage,
    requireDone: true,
    idleMs: 0,
    idleError: () => new Error('idle'),
    maxEventBytes: 1024 * 1024,
    onUsage: () => undefined,
    onFirstByte: () => undefined,
    failureEvent: (reason: string) => Buffer.from(`data: {"error":"${reason}"}\n\n`),
  };
}

/** A destination that takes one chunk per turn of the event loop and says it is full after each. */
function slowSink() {
  const chunks: string[] = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      setImmediate(callback);
    },
  });
  const finished = new Promise<void>((resolve) => sink.on('finish', resolve));
  return { sink, chunks, finished };
}

function relay(hideUsage: boolean, maxEventBytes = 1024 * 1024, noUsage?: { onNoUsage: (text: string) => void; maxHeldBytes?: number }) {
  const source = new PassThrough();
  const usages: unknown[] = [];
  let firstBytes = 0;
  const out = new SseRelay(source, {
    ...relayOptions(hideUsage),
    maxEventBytes,
    onUsage: (u) => usages.push(u),
    onFirstByte: () => (firstBytes += 1),
    ...noUsage,
  });
  const received: string[] = [];
  out.on('data', (chunk: Buffer) => received.push(chunk.toString()));
  const ended = new Promise<void>((resolve) => out.on('end', resolve));
  return { source, usages, received, ended, firstBytes: () => firstBytes };
}

describe('SseRelay', () => {
  it('forwards events whole even when the upstream splits them mid-line, byte for byte', async () => {
    const r = relay(false);
    r.source.write('data: {"a":');
    r.source.write('1}\n');
    r.source.write('\ndata: {"b":2}\r\n\r\ndata: [DO');
    r.source.end('NE]\n\n');
    await r.ended;
    expect(r.received.join('')).to.equal('data: {"a":1}\n\ndata: {"b":2}\r\n\r\ndata: [DONE]\n\n');
    expect(r.firstBytes()).to.equal(1);
  });

  it('hides injected usage: drops the usage-only chunk and the "usage":null fields, but records usage', async () => {
    const r = relay(true);
    r.source.write('data: {"choices":[{"delta":{"content":"x"}}],"usage":null}\n\n');
    r.source.write('data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}}\n\n');
    r.source.end('data: [DONE]\n\n');
    await r.ended;
    expect(r.received.join('')).to.equal('data: {"choices":[{"delta":{"content":"x"}}]}\n\ndata: [DONE]\n\n');
    expect(r.usages).to.deep.equal([{ prompt_tokens: 3, completion_tokens: 1 }]);
  });

  it('hides "usage":null however it is spaced or placed, and leaves the bytes alone when not hiding', async () => {
    const r = relay(true);
    r.source.write('data: {"choices": [{"delta": {"content": "x"}}], "usage": null}\n\n');
    r.source.write('data: {"usage":null,"choices":[{"delta":{"content":"y"}}]}\n\n');
    r.source.end('data: [DONE]\n\n');
    await r.ended;
    expect(r.received.join('')).to.equal('data: {"choices": [{"delta": {"content": "x"}}]}\n\ndata: {"choices":[{"delta":{"content":"y"}}]}\n\ndata: [DONE]\n\n');

    const shown = relay(false);
    const chunk = 'data: {"choices":[{"delta":{"content":"z"}}],"usage":null}\n\n';
    shown.source.write(chunk);
    shown.source.end('data: [DONE]\n\n');
    await shown.ended;
    expect(shown.received.join('')).to.equal(`${chunk}data: [DONE]\n\n`);
  });

  it('ends with an in-band error when the upstream ends without [DONE] or fails', async () => {
    const clean = relay(false);
    clean.source.end('data: {"a":1}\n\n');
    await clean.ended;
    expect(clean.received.join('')).to.equal('data: {"a":1}\n\ndata: {"error":"the upstream ended the stream before [DONE]"}\n\n');

    const failed = relay(false);
    failed.source.write('data: {"a":1}\n\n');
    failed.source.destroy(new Error('socket hang up'));
    await failed.ended;
    expect(failed.received.at(-1)).to.equal('data: {"error":"the upstream connection failed mid-stream"}\n\n');
  });

  it('accepts a final [DONE] without its blank line', async () => {
    const r = relay(false);
    r.source.end('data: [DONE]');
    await r.ended;
    expect(r.received).to.deep.equal(['data: [DONE]\n\n']);
  });

  it('finds [DONE] spaced or among other fields, and never takes a JSON chunk for it', async () => {
    const r = relay(false);
    r.source.write('data: {"choices":[{"delta":{"content":"[DONE]"}}]}\n\n');
    r.source.end('id: 7\n: keep-alive\ndata:   [DONE]  \n\n');
    await r.ended;
    // A chunk whose text is "[DONE]" is content; the spaced [DONE] after an id and a comment ends the stream.
    expect(r.received.join('')).to.equal('data: {"choices":[{"delta":{"content":"[DONE]"}}]}\n\nid: 7\n: keep-alive\ndata:   [DONE]  \n\n');
  });

  it('cuts the compact "usage":null at the end of an event, whatever its line ends, and one event per chunk or many', async () => {
    const r = relay(true);
    r.source.write('data: {"choices":[{"delta":{"content":"a"}}],"usage":null}\n\n');
    r.source.write('data: {"choices":[{"delta":{"content":"b"}}],"usage":null}\r\n\r\n');
    r.source.write('data: {"choices":[{"delta":{"content":"c"}}],"usage":null}\n\ndata: {"choices":[{"delta":{"content":"d"}}],"usage":null}\n\n');
    r.source.end('data: [DONE]\n\n');
    await r.ended;
    expect(r.received.join('')).to.equal(
      'data: {"choices":[{"delta":{"content":"a"}}]}\n\n' +
        'data: {"choices":[{"delta":{"content":"b"}}]}\r\n\r\n' +
        'data: {"choices":[{"delta":{"content":"c"}}]}\n\ndata: {"choices":[{"delta":{"content":"d"}}]}\n\n' +
        'data: [DONE]\n\n',
    );
  });

  it('cuts the compact "usage":null wherever it is, even after another "usage" key', async () => {
    const r = relay(true);
    // The first "usage" is a nested key with a value; the compact null after it is the injected one.
    r.source.write('data: {"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{}"}}]},"meta":{"usage":1}}],"usage":null}\n\n');
    r.source.end('data: [DONE]\n\n');
    await r.ended;
    expect(r.received.join('')).to.equal('data: {"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{}"}}]},"meta":{"usage":1}}]}\n\ndata: [DONE]\n\n');
    expect(r.usages).to.deep.equal([]);
  });

  it('cuts "usage":null from every event of a chunk that holds many, and from events split across chunks', async () => {
    const r = relay(true);
    const event = (n: number): string => `data: {"choices":[{"delta":{"content":"w${n}"}}],"usage":null}\n\n`;
    const all = [0, 1, 2, 3, 4].map(event).join('') + 'data: [DONE]\n\n';
    r.source.write(all.slice(0, 100));
    r.source.write(all.slice(100, 101));
    r.source.end(all.slice(101));
    await r.ended;
    expect(r.received.join('')).to.equal(all.replaceAll(',"usage":null', ''));
  });

  it('cuts the right bytes when cut events, rewritten events and dropped ones share a chunk', async () => {
    const r = relay(true);
    r.source.end(
      'data: {"choices":[{"delta":{"content":"a"}}],"usage":null}\n\n' +
        'data: {"choices": [{"delta": {"content": "b"}}], "usage": null}\n\n' +
        ': keep-alive\n\n' +
        'data: {"choices":[{"delta":{"content":"c"}}],"usage":null}\n\n' +
        'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":3}}\n\n' +
        'data: {"choices":[{"delta":{"content":"d"}}],"usage":null}\n\n' +
        'data: [DONE]\n\n',
    );
    await r.ended;
    expect(r.received.join('')).to.equal(
      'data: {"choices":[{"delta":{"content":"a"}}]}\n\n' +
        'data: {"choices": [{"delta": {"content": "b"}}]}\n\n' +
        ': keep-alive\n\n' +
        'data: {"choices":[{"delta":{"content":"c"}}]}\n\n' +
        'data: {"choices":[{"delta":{"content":"d"}}]}\n\n' +
        'data: [DONE]\n\n',
    );
    expect(r.usages).to.deep.equal([{ prompt_tokens: 3, completion_tokens: 3 }]);
  });

  it('estimates a stream that never reports usage from the text it relayed, cut or rewritten', async () => {
    const texts: string[] = [];
    const r = relay(true, 1024 * 1024, { onNoUsage: (text) => texts.push(text) });
    const all =
      'data: {"choices":[{"delta":{"content":"Hel"}}],"usage":null}\n\n' +
      'data: {"choices": [{"delta": {"content": "lo"}}], "usage": null}\n\n' +
      'data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{}"}}]}}],"usage":null}\n\n' +
      'data: [DONE]\n\n';
    // Split inside an event, so one event is carried across chunks and the others are views of them.
    r.source.write(all.slice(0, 30));
    r.source.end(all.slice(30));
    await r.ended;
    expect(r.received.join('')).to.equal(all.replace(/,\s*"usage":\s*null/g, ''));
    expect(texts).to.deep.equal(['Hellof{}']);
  });

  it('estimates nothing once usage arrived, and holds no more than maxHeldBytes of text', async () => {
    const reported: string[] = [];
    const r = relay(true, 1024 * 1024, { onNoUsage: (text) => reported.push(text) });
    r.source.write('data: {"choices":[{"delta":{"content":"a"}}],"usage":null}\n\n');
    r.source.write('data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1}}\n\n');
    r.source.end('data: [DONE]\n\n');
    await r.ended;
    expect(reported).to.deep.equal([]);

    const bounded: string[] = [];
    const b = relay(true, 1024 * 1024, { onNoUsage: (text) => bounded.push(text), maxHeldBytes: 10 });
    b.source.write('data: {"choices":[{"delta":{"content":"first"}}]}\n\n');
    b.source.write('data: {"choices":[{"delta":{"content":"second"}}]}\n\n');
    b.source.end('data: [DONE]\n\n');
    await b.ended;
    expect(bounded).to.deep.equal(['first']);
  });

  describe('piped into one destination', () => {
    it('writes every event in order, pauses the upstream while the destination is full, and ends it', async () => {
      const source = new PassThrough();
      let pauses = 0;
      source.on('pause', () => (pauses += 1));
      const out = new SseRelay(source, relayOptions(true));
      const { sink, chunks, finished } = slowSink();
      expect(out.pipe(sink)).to.equal(sink);
      const events = Array.from({ length: 50 }, (_, i) => `data: {"choices":[{"delta":{"content":"w${i}"}}],"usage":null}\n\n`);
      for (const event of events) source.write(event);
      source.end('data: [DONE]\n\n');
      await finished;
      expect(chunks.join('')).to.equal(events.map((e) => e.replace(',"usage":null', '')).join('') + 'data: [DONE]\n\n');
      expect(pauses, 'the upstream was paused for a full destination').to.be.greaterThan(0);
    });

    it('ends the destination with the in-band error when the upstream fails', async () => {
      const source = new PassThrough();
      const out = new SseRelay(source, relayOptions(false));
      const { sink, chunks, finished } = slowSink();
      out.pipe(sink);
      source.write('data: {"a":1}\n\n');
      source.destroy(new Error('socket hang up'));
      await finished;
      expect(chunks.join('')).to.equal('data: {"a":1}\n\ndata: {"error":"the upstream connection failed mid-stream"}\n\n');
    });

    it('writes nothing more once unpiped, and leaves a second destination to Readable\'s pipe', async () => {
      const source = new PassThrough();
      const out = new SseRelay(source, relayOptions(false));
      const first = slowSink();
      out.pipe(first.sink);
      source.write('data: {"a":1}\n\n');
      out.unpipe(first.sink);
      source.write('data: {"b":2}\n\n');
      expect(first.chunks.join('')).to.equal('data: {"a":1}\n\n');

      // A reader already attached: Readable's own pipe, and both see the same bytes.
      const source2 = new PassThrough();
      const other = new SseRelay(source2, relayOptions(false));
      const seen: string[] = [];
      other.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
      const second = slowSink();
      other.pipe(second.sink);
      source2.end('data: [DONE]\n\n');
      await second.finished;
      expect(second.chunks.join('')).to.equal('data: [DONE]\n\n');
      expect(seen.join('')).to.equal('data: [DONE]\n\n');
    });
  });
});
