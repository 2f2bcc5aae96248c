import { expect } from 'chai';
import OpenAI from 'openai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfigFile } from '../../../core/config/load-config.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import { bearer } from '../../support/auth-fixture.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const OPS_KEY = 'sk-example-ops-key';

/** examples/tokenizers.yaml as written (the ops key filled in), serving what its header promises. */
describe('examples/tokenizers.yaml serves tokenize, detokenize, registration, /parse and parse-output', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let stateDir: string;
  before(async () => {
    const raw = recordOf(JSON.parse(JSON.stringify(readConfigFile(join(PACKAGE_ROOT, 'examples/tokenizers.yaml'))).replaceAll('${OPS_KEY}', OPS_KEY)));
    stateDir = mkdtempSync(join(tmpdir(), 'sy-tokenizers-example-'));
    gateway = await startGateway(raw, { stateDir });
  });
  after(async () => {
    await gateway.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('tokenizes for the demo model (o200k_base through tokenizers.models) and with the preloaded tokenizer.json, without a key', async () => {
    const demo = await postJson(`${gateway.url}/v1/tokenize`, { model: 'switchyard-demo', prompt: 'hello world' });
    expect(demo.status).to.equal(200);
    expect(await demo.json()).to.deep.equal({ tokens: [24912, 2375], count: 2, char_count: 11, tokenizer: 'o200k_base' });
    const bert = await postJson(`${gateway.url}/v1/tokenize`, { model: 'bert-base-uncased', prompt: 'Hello world' });
    expect(await bert.json()).to.deep.equal({ tokens: [101, 7592, 2088, 102], count: 4, char_count: 11, tokenizer: 'bert' });
    const text = await postJson(`${gateway.url}/v1/detokenize`, { model: 'bert', tokens: [101, 7592, 2088, 102] });
    expect(await text.json()).to.deep.equal({ text: 'hello world', tokenizer: 'bert' });
  });

  it('registers through the control plane with the ops key, and parses tool calls', async () => {
    const res = await postJson(`${gateway.url}/v1/tokenizers`, { name: 'cl100k', source: 'cl100k_base' }, bearer(OPS_KEY));
    expect(res.status).to.equal(202);
    const parsed = await postJson(`${gateway.url}/parse/function_call`, { text: '<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call>', tool_call_parser: 'qwen' }, bearer(OPS_KEY));
    expect(parsed.status).to.equal(200);
    const body = (await parsed.json()) as { tool_calls: { function: { name: string; arguments: string } }[] };
    expect(body.tool_calls.map((c) => c.function)).to.deep.equal([{ name: 'f', arguments: '{}' }]);
  });

  it('serves chat through parse-output: the openai SDK stream helper assembles the echoed <tool_call> as a tool call', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const plain = await client.chat.completions.create({ model: 'switchyard-demo', messages: [{ role: 'user', content: 'hello' }] });
    expect(plain.choices[0]?.message.content).to.equal('Hello from the Switchyard demo model. You said: "hello"');

    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const content = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';
    const stream = client.chat.completions.stream({ model: 'switchyard-demo', messages: [{ role: 'user', content }], tools });
    const final = await stream.finalChatCompletion();
    const choice = final.choices[0];
    expect(choice?.finish_reason).to.equal('tool_calls');
    // The same request answered whole gives the same text and call: one parser, two deliveries.
    const whole = (await client.chat.completions.create({ model: 'switchyard-demo', messages: [{ role: 'user', content }], tools })).choices[0];
    expect(whole?.finish_reason).to.equal('tool_calls');
    expect(choice?.message.content).to.equal(whole?.message.content).and.match(/^Hello from the Switchyard demo model\. You said: "\s*"$/);
    expect(whole?.message.tool_calls?.[0]?.id).to.match(/^call_/);
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function : undefined).to.deep.include({ name: 'get_weather', arguments: '{"city": "Paris"}' });
  });
});
