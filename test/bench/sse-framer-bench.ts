/**
 * `npx tsx test/bench/sse-framer-bench.ts`: what SSE framing costs, `SseFramer` against two
 * naive approaches — split a growing string on blank lines (most hand-written readers), and
 * Buffer.concat the pending bytes per chunk then search from the start (the old relay).
 * Part 1: a chat stream of small events, in 16 KiB chunks and one event per chunk (plus what
 * reading every event into OpenAI parts adds).
 * Part 2: one huge event in 64 KiB chunks, to show the framer's time grows linearly.
 * Prints figures; asserts nothing. BENCH_SSE_EVENTS sets part 1's event count.
 */
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { parseOpenAiStreamEvent } from '../../core/streams/openai-stream-parts.js';
import { SseFramer } from '../../core/streams/sse-framer.js';

const EVENTS = Number(process.env['BENCH_SSE_EVENTS'] ?? 50_000);
const WARM_UPS = 3;
const ROUNDS = 7;

type Reader = (chunks: readonly Buffer[]) => number;

/** Frames and forwards raw bytes only (a relay that changes nothing). */
const framerRaw: Reader = (chunks) => {
  let bytes = 0;
  const framer = new SseFramer({ maxEventBytes: 128 * 1024 * 1024, onFrame: (frame) => (bytes += frame.raw.length) });
  for (const chunk of chunks) framer.push(chunk);
  framer.end();
  return bytes;
};

/** Frames and reads every event's data string (a consumer that parses each event). */
const framerData: Reader = (chunks) => {
  let chars = 0;
  const framer = new SseFramer({ maxEventBytes: 128 * 1024 * 1024, onFrame: (frame) => (chars += frame.kind === 'event' ? frame.data.length : 0) });
  for (const chunk of chunks) framer.push(chunk);
  framer.end();
  return chars;
};

/** Frames and reads every event into OpenAI parts (what a text-inspecting stage pays). */
const framerParts: Reader = (chunks) => {
  let parts = 0;
  const framer = new SseFramer({ maxEventBytes: 128 * 1024 * 1024, onFrame: (frame) => (parts += frame.kind === 'event' ? parseOpenAiStreamEvent(frame).parts.length : 0) });
  for (const chunk of chunks) framer.push(chunk);
  framer.end();
  return parts;
};

/** Decode to a string, append, split the whole pending text on blank lines, parse data lines. */
const naiveSplit: Reader = (chunks) => {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let chars = 0;
  for (const chunk of chunks) {
    pending += decoder.write(chunk);
    const blocks = pending.split(/\r?\n\r?\n/);
    pending = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      chars += data.length;
    }
  }
  return chars;
};

/** Buffer.concat(pending, chunk) per chunk, then search for event ends from the start. */
const concatRebuffer: Reader = (chunks) => {
  let pending: Buffer | undefined;
  let bytes = 0;
  for (const chunk of chunks) {
    const buf = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let end = findEventEnd(buf, start); end !== -1; end = findEventEnd(buf, start)) {
      bytes += end - start;
      start = end;
    }
    pending = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
  }
  return bytes;
};

function findEventEnd(buf: Buffer, from: number): number {
  let i = buf.indexOf(0x0a, from);
  while (i !== -1) {
    if (buf[i + 1] === 0x0a) return i + 2;
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return i + 3;
    i = buf.indexOf(0x0a, i + 1);
  }
  return -1;
}

function chatStream(events: number): { events: Buffer[]; bytes: Buffer } {
  const words = ['Hello', ' there', ',', ' how', ' can', ' I', ' help', ' you', ' today', '?', ' Ünïcödé', ' 🚀'];
  const out: Buffer[] = [];
  for (let i = 0; i < events; i += 1) {
    const chunk = {
      id: 'chatcmpl-9f3c2a1b7d',
      object: 'chat.completion.chunk',
      created: 1_730_000_000,
      model: 'Qwen/Qwen3-32B',
      choices: [{ index: 0, delta: { content: words[i % words.length] }, logprobs: null, finish_reason: null }],
      usage: null,
    };
    out.push(Buffer.from(`data: ${JSON.stringify(chunk)}\n\n`));
  }
  out.push(Buffer.from('data: [DONE]\n\n'));
  return { events: out, bytes: Buffer.concat(out) };
}

function slices(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Best of `rounds` runs, in ms, after warm-up runs (so every reader is measured JIT-compiled). */
function time(reader: Reader, chunks: readonly Buffer[], rounds = ROUNDS, warmUps = WARM_UPS): number {
  for (let w = 0; w < warmUps; w += 1) reader(chunks);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r += 1) {
    const started = performance.now();
    reader(chunks);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const readers: Record<string, Reader> = {
  'SseFramer (raw only)': framerRaw,
  'SseFramer (+ data)': framerData,
  'naive string split': naiveSplit,
  'Buffer.concat rebuffer': concatRebuffer,
};

console.log(`# switchyard SSE framer bench — node ${process.version}, best of ${ROUNDS} runs after ${WARM_UPS} warm-ups`);
const stream = chatStream(EVENTS);
const mb = stream.bytes.length / 1e6;
for (const [label, chunks] of [
  ['16 KiB chunks', slices(stream.bytes, 16 * 1024)],
  ['one event per chunk', stream.events],
] as const) {
  console.log(`\n## chat stream: ${EVENTS + 1} events, ${mb.toFixed(1)} MB, ${label} (${chunks.length} chunks)`);
  console.log(`${'reader'.padEnd(26)}${'ms'.padStart(9)}${'MB/s'.padStart(9)}${'k events/s'.padStart(12)}`);
  for (const [name, reader] of Object.entries({ ...readers, 'SseFramer + OpenAI parts': framerParts })) {
    const ms = time(reader, chunks);
    console.log(`${name.padEnd(26)}${ms.toFixed(1).padStart(9)}${(mb / (ms / 1000)).toFixed(0).padStart(9)}${((EVENTS + 1) / ms).toFixed(0).padStart(12)}`);
  }
}

console.log('\n## one huge event (a single data line) in 64 KiB chunks: ms, and ns per byte (flat = linear)');
const sizesMiB = [1, 4, 16, 64];
console.log(`${'reader'.padEnd(26)}${sizesMiB.map((s) => `${s} MiB`.padStart(18)).join('')}`);
const huge = (mib: number): Buffer[] => {
  const bytes = Buffer.alloc(mib * 1024 * 1024, 0x61);
  bytes.write('data: ', 0);
  bytes.write('\n\n', bytes.length - 2);
  return slices(bytes, 64 * 1024);
};
for (const [name, reader] of Object.entries(readers)) {
  const cells = sizesMiB.map((mib) => {
    // The naive readers are quadratic: past 16 MiB they take minutes, so they are not run there.
    if (mib > 16 && !name.startsWith('SseFramer')) return 'skipped'.padStart(18);
    const ms = time(reader, huge(mib), 2, 1);
    return `${ms.toFixed(0)} ms ${((ms * 1e6) / (mib * 1024 * 1024)).toFixed(1)} ns/B`.padStart(18);
  });
  console.log(`${name.padEnd(26)}${cells.join('')}`);
}
