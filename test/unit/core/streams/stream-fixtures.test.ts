import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import { encodeSseEvent } from '../../../../core/streams/encode-sse-event.js';
import { isJsonObject } from '../../../../core/streams/is-json-object.js';
import type { OpenAiEditablePart, OpenAiPart } from '../../../../core/streams/openai-parts.js';
import { parseOpenAiStreamEvent } from '../../../../core/streams/openai-stream-parts.js';
import type { SseEvent, SseFrame } from '../../../../core/streams/sse-frame.js';
import { describeFrame, frameSse, splitAt } from '../../../support/frame-sse.js';

const DIR = join(PACKAGE_ROOT, 'test/fixtures/streams');

interface Fixture {
  readonly name: string;
  readonly bytes: Buffer;
  readonly dialect: 'openai' | 'anthropic';
  readonly frames: readonly Record<string, unknown>[];
  readonly parts: readonly (readonly OpenAiPart[])[] | undefined;
}

function loadFixture(name: string): Fixture {
  const expected: unknown = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8'));
  if (!isJsonObject(expected) || !Array.isArray(expected['frames'])) throw new Error(`${name}.expected.json: no frames`);
  const dialect = expected['dialect'];
  if (dialect !== 'openai' && dialect !== 'anthropic') throw new Error(`${name}.expected.json: dialect must be openai or anthropic`);
  const frames = expected['frames'].filter(isJsonObject);
  // The expected parts are the test's own oracle, written down once and reviewed by hand.
  const parts = Array.isArray(expected['parts']) ? expected['parts'].map((list: unknown) => (Array.isArray(list) ? list.filter(isOpenAiPart) : [])) : undefined;
  return { name, bytes: readFileSync(join(DIR, `${name}.sse`)), dialect, frames, parts };
}

function isOpenAiPart(value: unknown): value is OpenAiPart {
  return isJsonObject(value) && typeof value['kind'] === 'string';
}

/** A frame in the shape the expected files write it (fields present only when set). */
function summarize(frame: SseFrame): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: frame.kind };
  if (frame.kind === 'event' && frame.event !== undefined) out['event'] = frame.event;
  if (frame.id !== undefined) out['id'] = frame.id;
  if (frame.retry !== undefined) out['retry'] = frame.retry;
  if (frame.kind === 'event') out['data'] = frame.data;
  if (frame.comments.length > 0) out['comments'] = [...frame.comments];
  return out;
}

function eventsOf(frames: readonly SseFrame[]): SseEvent[] {
  return frames.filter((frame): frame is SseEvent => frame.kind === 'event');
}

function isEditable(part: OpenAiPart): part is OpenAiEditablePart {
  return part.kind === 'text' || part.kind === 'reasoning';
}

const fixtures = readdirSync(DIR)
  .filter((file) => file.endsWith('.sse'))
  .sort()
  .map((file) => loadFixture(file.slice(0, -'.sse'.length)));

describe('recorded stream fixtures', () => {
  it('are all there', () => {
    expect(fixtures.map((f) => f.name)).to.include.members([
      'vllm-chat-reasoning-usage',
      'vllm-tool-call',
      'sglang-chat',
      'sglang-chat-crlf',
      'openai-chat-include-usage',
      'openai-chat-parallel-tool-calls',
      'openai-completions',
      'vllm-in-band-error',
      'keep-alive-comments',
      'anthropic-messages-tool-use',
      'anthropic-messages-error',
    ]);
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      const whole = frameSse([fixture.bytes], { reportComments: true });

      it('frames into the expected events and ignored blocks', () => {
        expect(whole.map(summarize)).to.deep.equal(fixture.frames);
      });

      it('frames the same, raw bytes included, cut in two at every byte and in 1-byte chunks', () => {
        const reference = whole.map(describeFrame);
        for (let cut = 0; cut <= fixture.bytes.length; cut += 1) {
          expect(frameSse(splitAt(fixture.bytes, [cut]), { reportComments: true }).map(describeFrame), `cut at ${cut}`).to.deep.equal(reference);
        }
        const bytewise = Array.from({ length: fixture.bytes.length }, (_, i) => fixture.bytes.subarray(i, i + 1));
        expect(frameSse(bytewise, { reportComments: true }).map(describeFrame)).to.deep.equal(reference);
      });

      it('frames the same events with any mix of CRLF, LF and CR line ends', () => {
        const lines = fixture.bytes.toString('utf8').split(/\r\n|\r|\n/);
        const expected = whole.map(summarize);
        fc.assert(
          fc.property(fc.array(fc.constantFrom('\n', '\r', '\r\n'), { minLength: lines.length, maxLength: lines.length }), (ends) => {
            // A CR then an LF for an empty line would read as one CRLF: that blank line becomes a CRLF.
            const endOf = (i: number): string => (ends[i] === '\n' && lines[i] === '' && i > 0 && ends[i - 1] === '\r' ? '\r\n' : (ends[i] ?? '\n'));
            const mixed = Buffer.from(lines.map((line, i) => (i < lines.length - 1 ? line + endOf(i) : line)).join(''));
            expect(frameSse([mixed], { reportComments: true }).map(summarize)).to.deep.equal(expected);
          }),
          { numRuns: 30 },
        );
      });

      it('lays every byte in exactly one frame', () => {
        expect(Buffer.concat(whole.map((f) => f.raw)).equals(fixture.bytes)).to.equal(true);
      });

      if (fixture.dialect !== 'openai') return;

      it('reads into the expected parts', () => {
        expect(eventsOf(whole).map((event) => parseOpenAiStreamEvent(event).parts)).to.deep.equal(fixture.parts);
      });

      it('forwards the upstream bytes untouched when no part changed (also after a rewrite to the same text)', () => {
        for (const event of eventsOf(whole)) {
          const parsed = parseOpenAiStreamEvent(event);
          for (const part of parsed.parts.filter(isEditable)) parsed.rewriteText(part, part.text);
          expect(parsed.changed).to.equal(false);
          expect(parsed.toBytes()).to.equal(event.raw);
        }
      });

      it('changes only the rewritten text values when a text part is rewritten', () => {
        for (const event of eventsOf(whole)) {
          const parsed = parseOpenAiStreamEvent(event);
          const editable = parsed.parts.filter(isEditable);
          if (editable.length === 0) continue;
          for (const part of editable) parsed.rewriteText(part, `«${part.text}» ✓ "q"\n`);
          const [reframed, ...rest] = frameSse([parsed.toBytes()]);
          expect(rest).to.deep.equal([]);
          if (reframed?.kind !== 'event') return expect.fail('the rewritten bytes are one event');
          // The upstream's line ends are kept (CRLF stays CRLF).
          expect(reframed.raw.toString().slice(-4)).to.equal(event.raw.toString().slice(-4));
          expect(parseOpenAiStreamEvent(reframed).parts).to.deep.equal(parsed.parts.map((part) => (isEditable(part) ? { ...part, text: `«${part.text}» ✓ "q"\n` } : part)));
          // Every byte outside the rewritten JSON strings is the upstream's.
          const outside = (data: string): string => data.replace(/"(content|text|reasoning_content|reasoning)":"(?:[^"\\]|\\.)*"/g, '"$1":_');
          expect(outside(reframed.data)).to.equal(outside(event.data));
        }
      });

      it('drops only the usage field when usage is removed', () => {
        for (const event of eventsOf(whole)) {
          const parsed = parseOpenAiStreamEvent(event);
          parsed.removeUsage();
          const [reframed] = eventsOf(frameSse([parsed.toBytes()]));
          if (reframed === undefined) return expect.fail('one event');
          expect(parseOpenAiStreamEvent(reframed).parts).to.deep.equal(parsed.parts.filter((part) => part.kind !== 'usage'));
          expect(reframed.data).to.equal(event.data.replace(/,"usage":(null|\{[^{}]*(\{[^{}]*\}[^{}]*)*\})/, ''));
        }
      });

      it('reads the same parts when each event is re-sent as multi-line data', () => {
        for (const event of eventsOf(whole)) {
          const data = event.data.trim() === '[DONE]' ? event.data : JSON.stringify(JSON.parse(event.data), null, 2);
          const [reframed] = eventsOf(frameSse([encodeSseEvent({ data })]));
          if (reframed === undefined) return expect.fail('one event');
          expect(parseOpenAiStreamEvent(reframed).parts).to.deep.equal(parseOpenAiStreamEvent(event).parts);
        }
      });
    });
  }
});
