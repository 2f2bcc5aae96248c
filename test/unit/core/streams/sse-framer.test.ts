import { expect } from 'chai';
import fc from 'fast-check';
import { DEFAULT_MAX_SSE_EVENT_BYTES, SseEventTooLargeError, SseFramer } from '../../../../core/streams/sse-framer.js';
import type { SseEvent, SseFrame } from '../../../../core/streams/sse-frame.js';
import { describeFrame, frameSse, splitAt } from '../../../support/frame-sse.js';
import { parseSseReference } from '../../../support/parse-sse-reference.js';

function events(frames: SseFrame[]): SseEvent[] {
  return frames.filter((frame): frame is SseEvent => frame.kind === 'event');
}

function onlyEvent(frames: SseFrame[]): SseEvent {
  const found = events(frames);
  expect(found).to.have.length(1);
  return found[0]!;
}

describe('SseFramer', () => {
  describe('line ends', () => {
    for (const [name, eol] of [
      ['LF', '\n'],
      ['CRLF', '\r\n'],
      ['CR', '\r'],
    ] as const) {
      it(`reads ${name} line ends and keeps them in raw`, () => {
        const input = `event: a${eol}data: 1${eol}data: 2${eol}${eol}data: 3${eol}${eol}`;
        const frames = frameSse([input]);
        expect(frames.map((f) => (f.kind === 'event' ? [f.event, f.data] : f.kind))).to.deep.equal([
          ['a', '1\n2'],
          [undefined, '3'],
        ]);
        expect(Buffer.concat(frames.map((f) => f.raw)).toString()).to.equal(input);
      });
    }

    it('takes \\r\\n\\n as one line end then a blank line (the old framers saw no event end there)', () => {
      const frames = frameSse(['data: x\r\n\ndata: y\n\n']);
      expect(events(frames).map((e) => [e.data, e.raw.toString()])).to.deep.equal([
        ['x', 'data: x\r\n\n'],
        ['y', 'data: y\n\n'],
      ]);
    });

    it('mixes line ends within one stream and one event', () => {
      const frames = frameSse(['data: a\rdata: b\r\ndata: c\n\r\ndata: d\n\r']);
      expect(events(frames).map((e) => e.data)).to.deep.equal(['a\nb\nc', 'd']);
    });

    it('joins a CR ending one chunk and an LF starting the next into one line end (no extra blank line)', () => {
      const frames = frameSse(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
      const event = onlyEvent(frames);
      expect(event.data).to.equal('a\nb');
      expect(event.raw.toString()).to.equal('data: a\r\ndata: b\r\n\r\n');
      expect(frames).to.have.length(1);
    });

    it('holds a blank line ending in a chunk-final CR until the next byte shows whether an LF follows', () => {
      const seen: SseFrame[] = [];
      const framer = new SseFramer({ onFrame: (frame) => seen.push(frame) });
      framer.push(Buffer.from('data: a\r\r'));
      expect(seen).to.have.length(0);
      framer.push(Buffer.from('\ndata: b\n\n'));
      expect(events(seen).map((e) => e.raw.toString())).to.deep.equal(['data: a\r\r\n', 'data: b\n\n']);
    });

    it('frames that held event at end() as terminated', () => {
      const event = onlyEvent(frameSse(['data: a\n\r']));
      expect([event.data, event.terminated, event.raw.toString()]).to.deep.equal(['a', true, 'data: a\n\r']);
    });
  });

  describe('fields', () => {
    it('removes exactly one space after the colon, and none when there is none', () => {
      const frames = frameSse(['data:x\n\ndata:  y\n\ndata: \n\ndata\n\n']);
      expect(events(frames).map((e) => e.data)).to.deep.equal(['x', ' y', '', '']);
    });

    it('keeps colons inside the value', () => {
      expect(onlyEvent(frameSse(['data: {"a":"b:c"}\n\n'])).data).to.equal('{"a":"b:c"}');
    });

    it('reads event, id and retry; an empty event name is the default type', () => {
      const frames = frameSse(['event: ping\nid: 7\nretry: 1500\ndata: x\n\nevent:\ndata: y\n\n']);
      const [first, second] = events(frames);
      expect([first!.event, first!.id, first!.lastEventId, first!.retry]).to.deep.equal(['ping', '7', '7', 1500]);
      expect([second!.event, second!.id, second!.lastEventId, second!.retry]).to.deep.equal([undefined, undefined, '7', undefined]);
    });

    it('ignores an id holding NUL and a retry that is not all digits', () => {
      const event = onlyEvent(frameSse(['id: 1\n\nid: a\0b\nretry: 12ms\ndata: x\n\n']));
      expect([event.id, event.lastEventId, event.retry]).to.deep.equal([undefined, '1', undefined]);
    });

    it('ignores unknown fields and lines without a colon other than data', () => {
      const event = onlyEvent(frameSse(['foo: bar\nevent\nDATA: no\ndata: yes\n\n']));
      expect([event.data, event.event]).to.deep.equal(['yes', undefined]);
    });

    it('does not dispatch a block without data, but reports it (and its id) as ignored', () => {
      const frames = frameSse(['event: x\nid: 3\n\ndata: y\n\n']);
      expect(frames.map((f) => f.kind)).to.deep.equal(['ignored', 'event']);
      expect(frames[0]!.id).to.equal('3');
      expect(onlyEvent(frames).lastEventId).to.equal('3');
    });

    it('strips one UTF-8 byte order mark opening the stream, even split across chunks', () => {
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      const input = Buffer.concat([bom, Buffer.from('data: a\n\n')]);
      for (let cut = 0; cut <= input.length; cut += 1) {
        const event = onlyEvent(frameSse(splitAt(input, [cut])));
        expect(event.data).to.equal('a');
        expect(event.raw.equals(input)).to.equal(true);
      }
      // Only the first one: a BOM later on is data.
      expect(events(frameSse([Buffer.concat([Buffer.from('data: a\n\n'), bom, Buffer.from('data: b\n\n')])]))).to.have.length(1);
    });

    it('decodes a UTF-8 character split across chunks', () => {
      const input = Buffer.from('data: héllo 🌍\n\n');
      for (let cut = 1; cut < input.length; cut += 1) expect(onlyEvent(frameSse(splitAt(input, [cut]))).data).to.equal('héllo 🌍');
    });
  });

  describe('comments', () => {
    it('ignores comment lines unless asked, but keeps their bytes in raw', () => {
      const input = ': ping\n\n:\ndata: x\n: note\n\n';
      const quiet = frameSse([input]);
      expect(quiet.map((f) => [f.kind, f.comments])).to.deep.equal([
        ['ignored', []],
        ['event', []],
      ]);
      expect(Buffer.concat(quiet.map((f) => f.raw)).toString()).to.equal(input);
      const loud = frameSse([input], { reportComments: true });
      expect(loud.map((f) => f.comments)).to.deep.equal([['ping'], ['', 'note']]);
    });
  });

  describe('end()', () => {
    it('frames a last event with no blank line after it as not terminated', () => {
      const frames = frameSse(['data: a\n\ndata: b\n']);
      expect(events(frames).map((e) => [e.data, e.terminated])).to.deep.equal([
        ['a', true],
        ['b', false],
      ]);
    });

    it('reads a last line with no line end at all', () => {
      const event = onlyEvent(frameSse(['data: [DO', 'NE]']));
      expect([event.data, event.terminated, event.raw.toString()]).to.deep.equal(['[DONE]', false, 'data: [DONE]']);
    });

    it('frames nothing when the input ended on a block boundary', () => {
      expect(frameSse(['data: a\n\n'])).to.have.length(1);
      expect(frameSse([])).to.have.length(0);
    });

    it('refuses input after end()', () => {
      const framer = new SseFramer({ onFrame: () => undefined });
      framer.end();
      expect(() => framer.push(Buffer.from('data: x\n\n'))).to.throw('ended');
    });
  });

  describe('against the literal reading of the SSE rules', () => {
    const token = fc.constantFrom('data', 'data:', 'data: ', 'event: ', 'id: ', 'retry: ', ':', ': ping', 'x', ' ', '{"a":1}', '42', 'é', '\0', '\r', '\n', '\r\n', '\n\n', '\r\n\r\n', '\ufeff');
    const input = fc.array(token, { maxLength: 40 }).map((tokens) => Buffer.from(tokens.join('')));

    it('frames every input, however it is cut into chunks, as the reference does', () => {
      fc.assert(
        fc.property(input, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (bytes, cuts, reportComments) => {
          const chunks = splitAt(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          );
          expect(frameSse(chunks, { reportComments }).map(describeFrame)).to.deep.equal(parseSseReference(bytes, reportComments));
        }),
        { numRuns: 2000 },
      );
    });

    it('lays every input byte in exactly one frame', () => {
      fc.assert(
        fc.property(input, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
          const frames = frameSse(splitAt(bytes, cuts.map((c) => c % (bytes.length + 1))));
          expect(Buffer.concat(frames.map((f) => f.raw)).equals(bytes)).to.equal(true);
        }),
        { numRuns: 500 },
      );
    });

    it('gives the same frames with 1-byte chunks as with the whole input', () => {
      const bytes = Buffer.from('\ufeff: hi\r\nevent: a\rdata: 1\r\n\r\nid: 9\ndata:2\ndata\n\n\n\ndata: 3\r');
      const whole = frameSse([bytes]).map(describeFrame);
      const bytewise = frameSse([...bytes].map((b) => Buffer.from([b]))).map(describeFrame);
      expect(bytewise).to.deep.equal(whole);
      expect(whole).to.deep.equal(parseSseReference(bytes));
    });
  });

  describe('the event size limit', () => {
    it('refuses a 16 MiB single event sent in 64 KiB chunks once it passes the limit, not at its end', () => {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      chunk.write('data: ', 0);
      const framer = new SseFramer({ onFrame: () => expect.fail('no frame expected') });
      let pushed = 0;
      let caught: unknown;
      try {
        for (let i = 0; i < 256; i += 1) {
          framer.push(chunk);
          pushed += chunk.length;
        }
      } catch (err) {
        caught = err;
      }
      if (!(caught instanceof SseEventTooLargeError)) return expect.fail(`expected SseEventTooLargeError, got ${String(caught)}`);
      expect(caught.limitBytes).to.equal(DEFAULT_MAX_SSE_EVENT_BYTES);
      expect(pushed).to.be.at.most(DEFAULT_MAX_SSE_EVENT_BYTES);
      expect(pushed + chunk.length).to.be.above(DEFAULT_MAX_SSE_EVENT_BYTES);
      // The framer stays stopped.
      expect(() => framer.push(Buffer.from('\n\n'))).to.throw(SseEventTooLargeError);
      expect(() => framer.end()).to.throw(SseEventTooLargeError);
    });

    it('refuses a too-large event that arrives whole in one chunk, after framing the events before it', () => {
      const seen: SseFrame[] = [];
      const framer = new SseFramer({ maxEventBytes: 32, onFrame: (frame) => seen.push(frame) });
      const big = `data: ${'x'.repeat(40)}\n\n`;
      expect(() => framer.push(Buffer.from(`data: ok\n\n${big}data: later\n\n`))).to.throw(SseEventTooLargeError, '32 bytes');
      expect(events(seen).map((e) => e.data)).to.deep.equal(['ok']);
    });

    it('accepts an event of exactly the limit, counted with its terminator, however it is cut', () => {
      const input = Buffer.from(`data: ${'y'.repeat(24)}\n\n`);
      expect(input.length).to.equal(32);
      for (let cut = 0; cut <= input.length; cut += 1) {
        expect(onlyEvent(frameSse(splitAt(input, [cut]), { maxEventBytes: 32 })).data).to.have.length(24);
        expect(() => frameSse(splitAt(Buffer.concat([Buffer.from('x'), input]), [cut]), { maxEventBytes: 32 })).to.throw(SseEventTooLargeError);
      }
    });

    it('refuses a limit that is not a positive integer', () => {
      expect(() => new SseFramer({ maxEventBytes: 0, onFrame: () => undefined })).to.throw(RangeError);
    });
  });

  describe('withData', () => {
    it('replaces the data line only, keeping the other lines and the line ends', () => {
      const event = onlyEvent(frameSse(['event: delta\r\nid: 4\r\ndata: {"a":1}\r\n: note\r\n\r\n']));
      expect(event.withData('{"a":2}').toString()).to.equal('event: delta\r\nid: 4\r\ndata: {"a":2}\r\n: note\r\n\r\n');
    });

    it('writes multi-line data as several data lines and drops the old extra data lines', () => {
      const event = onlyEvent(frameSse(['data: 1\n: c\ndata: 2\nid: 5\ndata: 3\n\n']));
      const rewritten = event.withData('a\nb');
      expect(rewritten.toString()).to.equal('data: a\ndata: b\n: c\nid: 5\n\n');
      expect(onlyEvent(frameSse([rewritten])).data).to.equal('a\nb');
    });

    it('keeps data that starts with a space intact when the original line had no space after the colon', () => {
      for (const line of ['data:x', 'data']) {
        const rewritten = onlyEvent(frameSse([`${line}\n\n`])).withData(' padded');
        expect(onlyEvent(frameSse([rewritten])).data).to.equal(' padded');
      }
    });

    it('works on an event that was framed across many chunks', () => {
      const input = Buffer.from('event: e\ndata: {"text":"hello"}\ndata: more\n\n');
      const event = onlyEvent(frameSse([...input].map((b) => Buffer.from([b]))));
      expect(event.withData('new').toString()).to.equal('event: e\ndata: new\n\n');
    });

    it('round-trips any data through the framer', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('a', ' ', ':', '\n', '\r', 'é', '😀', '"') }), (data) => {
          const event = onlyEvent(frameSse(['id: 1\ndata: old\n\n']));
          const reread = onlyEvent(frameSse([event.withData(data)]));
          expect(reread.data).to.equal(data.replace(/\r\n|\r/g, '\n'));
          expect(reread.id).to.equal('1');
        }),
      );
    });
  });
});
