/**
 * `npx tsx test/bench/pii-stage-microbench.ts [--dist | --root=DIR/] [iterations]`: the pii-redaction stage's own CPU per
 * request, in-process, with the default config (every built-in type, both directions): the request
 * rewrite of a chat body with a 1 KB prompt and no entities, the JSON answer through the response
 * transform, and a 20-delta stream through it. CPU time (process.cpuUsage) over many iterations,
 * not wall-clock: the machine is shared. The same work without the stage (a no-op transform through
 * the kernel's chain) is measured alongside, so the difference is what the stage adds.
 * Prints µs per operation; asserts nothing.
 */
import { Readable } from 'node:stream';
import type { ResponseTransform } from '../../core/streams/response-transform.js';
import type * as MSchemaValidators from '../../core/schema/schema-validators.js';
import type * as MTransformChain from '../../core/streams/transform-chain.js';
import type * as MTransformJson from '../../core/streams/transform-json.js';
import type * as MTransformStream from '../../core/streams/transform-stream.js';
import type * as MRedactRequestBody from '../../plugins/pii-redaction/redact-request-body.js';
import type * as MResponseRedaction from '../../plugins/pii-redaction/response-redaction.js';
import type * as MBuildRedactionPlan from '../../plugins/pii-redaction/build-redaction-plan.js';
import type * as MPiiRedactionConfig from '../../plugins/pii-redaction/pii-redaction-config.js';

/*
 * tsx (esbuild keepNames) wraps every closure it creates in a `__name` call, which inflates exactly
 * what this bench measures (per-request closures); `--dist` loads the tsc build instead (`npm run build`
 * first), as `npm run bench` runs it; `--root=/abs/dir/` loads another build (a before/after comparison).
 */
const rootArg = process.argv.find((arg) => arg.startsWith('--root='));
const root = rootArg !== undefined ? rootArg.slice('--root='.length) : process.argv.includes('--dist') ? '../../dist/' : '../../';
const ext = root === '../../' ? '.ts' : '.js';
const load = (path: string): Promise<unknown> => import(`${root}${path}${ext}`);
const { loadSchemaValidators }: typeof MSchemaValidators = await load('core/schema/schema-validators') as never;
const { TransformChain }: typeof MTransformChain = await load('core/streams/transform-chain') as never;
const { transformJsonResponse }: typeof MTransformJson = await load('core/streams/transform-json') as never;
const { transformSseStream }: typeof MTransformStream = await load('core/streams/transform-stream') as never;
const { redactRequestBody }: typeof MRedactRequestBody = await load('plugins/pii-redaction/redact-request-body') as never;
const { createResponseRedaction }: typeof MResponseRedaction = await load('plugins/pii-redaction/response-redaction') as never;
const { buildRedactionPlan }: typeof MBuildRedactionPlan = await load('plugins/pii-redaction/build-redaction-plan') as never;
const { PII_REDACTION_SCHEMA_ID }: typeof MPiiRedactionConfig = await load('plugins/pii-redaction/pii-redaction-config') as never;

const ITERATIONS = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 20_000);
const config: Record<string, unknown> = {};
const issues = loadSchemaValidators().validateConfig(PII_REDACTION_SCHEMA_ID, config);
if (issues.length > 0) throw new Error('the empty pii-redaction config did not validate');
const plan = buildRedactionPlan(config as never);

const SENTENCES = [
  'You are a helpful assistant for an online bookshop. Answer briefly and politely, and never invent stock levels.',
  'The customer writes: I ordered three novels last week and only two arrived; the parcel looked damaged on one corner.',
  'Summarise the complaint, suggest a refund or a replacement, and draft a short reply in a friendly but professional tone.',
  'Context from the knowledge base: returns are accepted within 30 days; damaged items are replaced free of charge in 2024.',
  'Please also explain the difference between standard and express delivery, and why express costs more in winter.',
  'Keep the answer under 150 words. Use British spelling. Do not mention internal policies or staff names.',
];
let prompt = '';
for (let i = 0; prompt.length < 1024; i++) prompt += `${SENTENCES[i % SENTENCES.length] ?? ''} `;
prompt = prompt.slice(0, 1024);
if (plan.analyzer.analyze(prompt).length > 0) throw new Error('the 1 KB prompt has entities');

const body = { model: 'fake-model', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: prompt }] };
const answer = 'Hello! Here is a short answer of about six words.';
const deltas = Array.from({ length: 20 }, (_, i) => `word${i} `);

const ROUNDS = 5;

/** µs of CPU (user + system) per call of `run`, after a warm-up: the least disturbed of ROUNDS rounds. */
function cpuMicros(run: () => void, iterations = ITERATIONS): number {
  for (let i = 0; i < Math.min(2000, iterations); i++) run();
  const perRound = Math.ceil(iterations / ROUNDS);
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < perRound; i++) run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / perRound);
  }
  return best;
}

async function cpuMicrosAsync(run: () => Promise<void>, iterations: number): Promise<number> {
  for (let i = 0; i < Math.min(200, iterations); i++) await run();
  const perRound = Math.ceil(iterations / ROUNDS);
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < perRound; i++) await run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / perRound);
  }
  return best;
}

const noReport = (): void => undefined;

function requestRewrite(): void {
  const vault = plan.createVault();
  redactRequestBody('chat.completions', body, (text) => plan.redactText(text, 'request', vault).text);
}

function jsonAnswer(): void {
  const transform = createResponseRedaction(plan, undefined, noReport);
  void transform.text?.(0, answer, 'text');
  void transform.flush?.(0, 'text', 'finish');
}

function streamAnswer(): void {
  const transform = createResponseRedaction(plan, undefined, noReport);
  for (const delta of deltas) void transform.text?.(0, delta, 'text');
  void transform.flush?.(0, 'text', 'finish');
}

const completion = {
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'fake-model',
  choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 12, total_tokens: 24 },
};
const sse = Buffer.from(
  [
    ...deltas.map((text) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`),
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    'data: [DONE]\n\n',
  ].join(''),
);
const noop: ResponseTransform = { text: (_choice, text) => text, flush: () => '' };

async function throughKernelJson(transform: () => ResponseTransform): Promise<void> {
  await transformJsonResponse(completion, new TransformChain([transform()]));
}

async function throughKernelStream(transform: () => ResponseTransform): Promise<void> {
  const out = transformSseStream(Readable.from([sse]), new TransformChain([transform()]));
  for await (const chunk of out) void chunk;
}

const fmt = (label: string, micros: number): void => console.log(`${label.padEnd(58)} ${micros.toFixed(2).padStart(8)} µs`);

console.log(`# pii-redaction stage micro-bench — node ${process.version}, default config, ${root === '../../' ? 'tsx' : root}, ${ITERATIONS} iterations, CPU time per op`);
const request = cpuMicros(requestRewrite);
fmt('request rewrite (chat body, 1 KB prompt, no entities)', request);
const json = cpuMicros(jsonAnswer);
fmt('JSON answer through the response transform (50 chars)', json);
const stream = cpuMicros(streamAnswer, Math.ceil(ITERATIONS / 4));
fmt('stream answer through the response transform (20 deltas)', stream);
fmt('stage total per request (request + JSON answer)', request + json);
fmt('stage total per stream (request + stream answer)', request + stream);
const kernelRuns = Math.ceil(ITERATIONS / 10);
const pii = (): ResponseTransform => createResponseRedaction(plan, undefined, noReport);
const jsonNoop = await cpuMicrosAsync(() => throughKernelJson(() => noop), kernelRuns);
const jsonPii = await cpuMicrosAsync(() => throughKernelJson(pii), kernelRuns);
fmt('kernel JSON transform, no-op transform', jsonNoop);
fmt('kernel JSON transform, pii transform', jsonPii);
const sseNoop = await cpuMicrosAsync(() => throughKernelStream(() => noop), Math.ceil(kernelRuns / 4));
const ssePii = await cpuMicrosAsync(() => throughKernelStream(pii), Math.ceil(kernelRuns / 4));
fmt('kernel SSE transform (21 events), no-op transform', sseNoop);
fmt('kernel SSE transform (21 events), pii transform', ssePii);
