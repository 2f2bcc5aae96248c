import { expect } from 'chai';
import { Readable } from 'node:stream';
import { TransformChain } from '../../../../core/streams/transform-chain.js';
import { transformJsonResponse } from '../../../../core/streams/transform-json.js';
import { transformSseStream } from '../../../../core/streams/transform-stream.js';
import { isStop } from '../../../../core/streams/response-transform.js';
import { recordOf, recordsOf, stringOr } from '../../../../core/util/narrow-json.js';
import type { EntityCounts } from '../../../../plugins/pii-redaction/entity-tally.js';
import { createResponseRedaction } from '../../../../plugins/pii-redaction/response-redaction.js';
import { buildPlanFromRawConfig } from '../../../support/pii-redaction-plan.js';

const chunk = (content: string, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

/** The client's text of an SSE stream of chat chunks, and its raw events. */
async function throughStream(deltas: readonly string[], chain: TransformChain): Promise<{ text: string; events: string[] }> {
  const source = Readable.from([...deltas.map((d, i) => chunk(d, i === deltas.length - 1 ? 'stop' : null)), 'data: [DONE]\n\n']);
  let raw = '';
  for await (const piece of transformSseStream(source, chain)) raw += String(piece);
  const events = raw.split('\n\n').filter((e) => e.startsWith('data: ')).map((e) => e.slice(6));
  let text = '';
  for (const event of events) {
    if (event === '[DONE]') continue;
    const delta = recordOf(recordsOf(recordOf(JSON.parse(event))['choices'])[0]?.['delta']);
    text += stringOr(delta['content']);
  }
  return { text, events };
}

describe('pii-redaction response transform (through the kernel transform chain)', function () {
  this.timeout(60_000);
  const plan = buildPlanFromRawConfig({});
  const restoring = buildPlanFromRawConfig({ reversible: 'restore' });

  it('a stream split at every position gives the whole text\'s redaction, and no delta carries the value', async () => {
    const text = 'Write to jane.doe@example.com or 4111 1111 1111 1111 today.';
    const expected = plan.processResponseText(text).text;
    expect(expected).to.equal('Write to <EMAIL> or <CREDIT_CARD> today.');
    for (let i = 1; i < text.length; i++) {
      const reports: EntityCounts[] = [];
      const { text: out, events } = await throughStream([text.slice(0, i), text.slice(i)], new TransformChain([createResponseRedaction(plan, undefined, (c: EntityCounts) => reports.push(c))]));
      expect(out, `split at ${i}`).to.equal(expected);
      expect(events.join('')).not.to.contain('doe@example');
      expect(reports.map((r) => r.entities), 'one report per choice, at its end').to.deep.equal([{ CREDIT_CARD: 1, EMAIL: 1 }]);
    }
  });

  it('restores a placeholder split at every position, in a stream and in a JSON answer', async () => {
    const vault = restoring.createVault();
    expect(restoring.redactText('mail jane.doe@example.com', 'request', vault).text).to.equal('mail <EMAIL_1>');
    const answer = 'Sure, I wrote to <EMAIL_1>.';
    for (let i = 1; i < answer.length; i++) {
      const { text } = await throughStream([answer.slice(0, i), answer.slice(i)], new TransformChain([createResponseRedaction(restoring, vault, () => undefined)]));
      expect(text, `split at ${i}`).to.equal('Sure, I wrote to jane.doe@example.com.');
    }
    const json = { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] };
    const out = await transformJsonResponse(json, new TransformChain([createResponseRedaction(restoring, vault, () => undefined)]));
    expect(JSON.stringify(out)).to.contain('Sure, I wrote to jane.doe@example.com.');
  });

  it('keeps one redactor per choice and kind, so interleaved choices and reasoning do not mix', async () => {
    const reports: EntityCounts[] = [];
    const transform = createResponseRedaction(plan, undefined, (c: EntityCounts) => reports.push(c));
    const out: Record<string, string> = {};
    const feed = async (choice: number, kind: 'text' | 'reasoning', text: string): Promise<void> => {
      const got = await transform.text?.(choice, text, kind);
      out[`${choice}:${kind}`] = (out[`${choice}:${kind}`] ?? '') + (typeof got === 'string' ? got : 'STOP');
    };
    await feed(0, 'reasoning', 'user is jane');
    await feed(1, 'text', 'card 4111 1111 ');
    await feed(0, 'text', 'hello bob@');
    await feed(0, 'reasoning', '.doe@example.com');
    await feed(1, 'text', '1111 1111 done');
    await feed(0, 'text', 'example.net');
    for (const [choice, kind] of [[0, 'reasoning'], [0, 'text'], [1, 'text']] as const) {
      const rest = await transform.flush?.(choice, kind, 'finish');
      out[`${choice}:${kind}`] += typeof rest === 'string' ? rest : 'STOP';
    }
    expect(out).to.deep.equal({ '0:reasoning': 'user is <EMAIL>', '1:text': 'card <CREDIT_CARD> done', '0:text': 'hello <EMAIL>' });
    expect(reports).to.have.length(3);
  });

  it('stops at a blocked entity and drops held text on abort, reporting counts either way', async () => {
    const blocking = buildPlanFromRawConfig({ entities: { US_SSN: { response: 'block' } } });
    const reports: EntityCounts[] = [];
    const transform = createResponseRedaction(blocking, undefined, (c: EntityCounts) => reports.push(c));
    const first = await transform.text?.(0, 'number 123-45-', 'text');
    expect(first).to.equal('number ');
    const second = await transform.text?.(0, '6789 ok', 'text');
    expect(second !== undefined && isStop(second) ? second.stop.publicCode : second).to.equal('pii_detected');
    expect(reports[0]?.blocked).to.deep.equal(['US_SSN']);

    const aborting = createResponseRedaction(plan, undefined, (c: EntityCounts) => reports.push(c));
    expect(await aborting.text?.(0, 'mail jane.doe@exa', 'text')).to.equal('mail ');
    expect(await aborting.flush?.(0, 'text', 'abort')).to.equal('');
  });
});
