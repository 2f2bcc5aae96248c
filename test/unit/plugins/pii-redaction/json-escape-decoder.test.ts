import { expect } from 'chai';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { TransformChain } from '../../../../core/streams/transform-chain.js';
import { transformSseStream } from '../../../../core/streams/transform-stream.js';
import { recordOf, recordsOf, stringOr } from '../../../../core/util/narrow-json.js';
import { decodeJsonEscapes, JsonEscapeDecoder } from '../../../../plugins/pii-redaction/json-escape-decoder.js';
import { redactRequestBody } from '../../../../plugins/pii-redaction/redact-request-body.js';
import { createResponseRedaction } from '../../../../plugins/pii-redaction/response-redaction.js';
import { buildPlanFromRawConfig } from '../../../support/pii-redaction-plan.js';

/** JSON text of `value` with every character at an even position of each string written as `\uXXXX`. */
function escaped(value: unknown): string {
  return JSON.stringify(value).replace(/"((?:[^"\\]|\\.)*)"/g, (_m, body: string) => {
    let out = '';
    let i = 0;
    for (const piece of body.match(/\\u[0-9a-fA-F]{4}|\\.|[^\\]/g) ?? []) {
      out += piece.length === 1 && i % 2 === 0 ? `\\u${piece.charCodeAt(0).toString(16).padStart(4, '0')}` : piece;
      i += 1;
    }
    return `"${out}"`;
  });
}

function pushAll(pieces: readonly string[]): string {
  const decoder = new JsonEscapeDecoder();
  return pieces.map((p) => decoder.push(p)).join('') + decoder.flush();
}

function cut(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const c of at) {
    out.push(text.slice(from, c));
    from = c;
  }
  out.push(text.slice(from));
  return out;
}

const ARGS = '{"to":"jane.doe\\u0040example.com","site":"https:\\/\\/x.io\\/a","q":"say \\"hi\\"\\n","lit":"a\\\\u0040b"}';

describe('pii-redaction: JSON escapes in tool-call arguments', function () {
  this.timeout(60_000);
  const plan = buildPlanFromRawConfig({});

  it('writes out escapes of printable ASCII and \\/, keeps structural, control and non-ASCII ones', () => {
    expect(decodeJsonEscapes(ARGS)).to.equal('{"to":"jane.doe@example.com","site":"https://x.io/a","q":"say \\"hi\\"\\n","lit":"a\\\\u0040b"}');
    expect(decodeJsonEscapes('"\\u0022\\u005c\\u000a\\u00e9\\ud83d\\ude00"')).to.equal('"\\u0022\\u005c\\u000a\\u00e9\\ud83d\\ude00"');
    const plain = '{"a":"no escapes"}';
    expect(decodeJsonEscapes(plain)).to.equal(plain);
  });

  it('property: the decoded text is the same JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = escaped(value);
        expect(JSON.parse(decodeJsonEscapes(text))).to.deep.equal(JSON.parse(text));
      }),
    );
  });

  it('property: fragments cut anywhere decode as the whole text does (a split escape is held)', () => {
    for (let i = 0; i <= ARGS.length; i++) expect(pushAll([ARGS.slice(0, i), ARGS.slice(i)]), `split at ${i}`).to.equal(decodeJsonEscapes(ARGS));
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat(), { maxLength: 12 }), (value, cuts) => {
        const text = escaped(value);
        expect(pushAll(cut(text, cuts))).to.equal(decodeJsonEscapes(text));
      }),
    );
  });

  it('a whole answer\'s arguments: an escaped email is masked and the arguments stay valid JSON', () => {
    const out = plan.processResponseText(ARGS, undefined, undefined, 'json');
    expect(JSON.parse(out.text)).to.deep.equal({ to: '<EMAIL>', site: 'https://x.io/a', q: 'say "hi"\n', lit: 'a\\u0040b' });
    expect(out.entities).to.deep.equal({ EMAIL: 1 });
    const clean = '{"site":"https:\\/\\/x.io"}';
    expect(plan.processResponseText(clean, undefined, undefined, 'json').text, 'nothing found: the bytes as they came').to.equal(clean);
  });

  it('property: streamed arguments with an escaped email split at any position (two or many fragments) are masked', () => {
    const expected = plan.processResponseText(ARGS, undefined, undefined, 'json').text;
    const run = (pieces: readonly string[]): void => {
      const stream = plan.createResponseStream(undefined, undefined, 'json');
      const out = [...pieces.map((p) => stream.push(p)), stream.flush()];
      for (const piece of out) expect(piece).not.to.match(/jane\.doe(?:@|\\u0040)/);
      expect(out.join('')).to.equal(expected);
    };
    for (let i = 0; i <= ARGS.length; i++) run([ARGS.slice(0, i), ARGS.slice(i)]);
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 20 }), (cuts) => run(cut(ARGS, cuts))));
  });

  it('through the kernel: tool-call fragments that split \\u0040 reach the client masked', async () => {
    const args = '{"to":"jane.doe\\u0040example.com"}';
    const at = args.indexOf('\\u0040') + 3;
    const chunk = (fragment: string): string =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: fragment } }] }, finish_reason: null }] })}\n\n`;
    const source = Readable.from([chunk(args.slice(0, at)), chunk(args.slice(at)), 'data: [DONE]\n\n']);
    let raw = '';
    for await (const piece of transformSseStream(source, new TransformChain([createResponseRedaction(plan, undefined, () => undefined)]))) raw += String(piece);
    let joined = '';
    for (const block of raw.split('\n\n')) {
      const data = block.startsWith('data: ') ? block.slice(6) : '';
      if (data === '' || data === '[DONE]') continue;
      for (const call of recordsOf(recordOf(recordsOf(recordOf(JSON.parse(data))['choices'])[0]?.['delta'])['tool_calls'])) joined += stringOr(recordOf(call['function'])['arguments']);
    }
    expect(JSON.parse(joined)).to.deep.equal({ to: '<EMAIL>' });
  });

  it('going up: escaped values in an assistant message\'s tool-call arguments are masked; clean arguments keep their bytes', () => {
    const rewrite = (text: string): string => plan.redactText(text, 'request').text;
    const message = (args: string): Record<string, unknown> => ({ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: args } }] });
    const body = { model: 'm', messages: [message(ARGS)] };
    const out = recordOf(redactRequestBody('chat.completions', body, rewrite));
    const args = stringOr(recordOf(recordOf(recordsOf(recordOf(recordsOf(out['messages'])[0])['tool_calls'])[0])['function'])['arguments']);
    expect(JSON.parse(args)).to.deep.include({ to: '<EMAIL>' });
    const clean = { model: 'm', messages: [message('{"site":"https:\\/\\/x.io"}')] };
    expect(redactRequestBody('chat.completions', clean, rewrite)).to.equal(clean);
  });

  it('restore mode: a placeholder the model escaped (\\u003cEMAIL_1\\u003e) is put back', () => {
    const restoring = buildPlanFromRawConfig({ reversible: 'restore' });
    const vault = restoring.createVault();
    restoring.redactText('mail jane.doe@example.com', 'request', vault);
    const args = '{"to":"\\u003cEMAIL_1\\u003e"}';
    for (let i = 0; i <= args.length; i++) {
      const stream = restoring.createResponseStream(vault, undefined, 'json');
      const out = stream.push(args.slice(0, i)) + stream.push(args.slice(i)) + stream.flush();
      expect(JSON.parse(out), `split at ${i}`).to.deep.equal({ to: 'jane.doe@example.com' });
    }
  });
});
