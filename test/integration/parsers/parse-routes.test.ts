import { expect } from 'chai';
import { bearer, KEYS, authConfig } from '../../support/auth-fixture.js';
import { loadParserFixtures } from '../../support/parser-fixtures.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

interface FunctionCallAnswer {
  readonly remaining_text: string;
  readonly tool_calls: readonly { readonly id: string; readonly type: string; readonly function: { readonly name: string; readonly arguments: string } }[];
  readonly success: boolean;
}

interface ErrorAnswer {
  readonly error: { readonly message: string; readonly type: string; readonly code: string | null; readonly param: string | null };
  readonly success?: boolean;
}

/** SMG's /parse routes on the real app, behind the control plane as in SMG. */
describe('parsers plugin: POST /parse/function_call and /parse/reasoning', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  const admin = bearer(KEYS.admin);
  before(async () => {
    gateway = await startGateway({ ...authConfig() });
  });
  after(() => gateway.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = admin): Promise<Response> => postJson(`${gateway.url}${path}`, body, headers);

  it("answers SMG's function_call shape: remaining text and calls with name and JSON arguments", async () => {
    const text = 'Let me check.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const res = await post('/parse/function_call', { text, tool_call_parser: 'qwen', tools });
    expect(res.status).to.equal(200);
    const body = (await res.json()) as FunctionCallAnswer;
    expect(body.success).to.equal(true);
    expect(body.remaining_text).to.equal('Let me check.');
    expect(body.tool_calls).to.have.length(1);
    expect(body.tool_calls[0]?.type).to.equal('function');
    expect(body.tool_calls[0]?.id).to.match(/^call_[0-9a-f]{24}$/);
    expect(body.tool_calls[0]?.function).to.deep.equal({ name: 'get_weather', arguments: '{"city": "Paris"}' });
  });

  it('drops calls to functions not in tools, keeps every call when tools is absent, and takes aliases', async () => {
    const text = '<tool_call>\n{"name": "rm_rf", "arguments": {}}\n</tool_call>';
    const withTools = (await (await post('/parse/function_call', { text, tool_call_parser: 'hermes', tools: [{ name: 'get_weather' }] })).json()) as FunctionCallAnswer;
    expect(withTools.tool_calls).to.deep.equal([]);
    const without = (await (await post('/parse/function_call', { text, tool_call_parser: 'Qwen25' })).json()) as FunctionCallAnswer;
    expect(without.tool_calls.map((c) => c.function.name)).to.deep.equal(['rm_rf']);
  });

  it("answers SMG's reasoning shape", async () => {
    const res = await post('/parse/reasoning', { text: '<think>\nLet me think.\n</think>\n\nThe answer is 4.', reasoning_parser: 'deepseek_r1' });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ normal_text: 'The answer is 4.', reasoning_text: 'Let me think.', success: true });
  });

  it('every golden fixture gives over HTTP what the library gives', async () => {
    let served = 0;
    for (const fixture of loadParserFixtures()) {
      if (fixture.kind === 'tool-call') {
        const tools = fixture.options.tools ?? [];
        const res = await post('/parse/function_call', { text: fixture.text, tool_call_parser: fixture.parser, tools: tools.map((t) => ({ ...t })) });
        expect(res.status, fixture.file).to.equal(200);
        const body = (await res.json()) as FunctionCallAnswer;
        expect(body.remaining_text, fixture.file).to.equal(fixture.normalText);
        expect(
          body.tool_calls.map((c) => ({ name: c.function.name, arguments: JSON.parse(c.function.arguments) as unknown })),
          fixture.file,
        ).to.deep.equal(fixture.calls.map((c) => ({ name: c.name, arguments: c.arguments })));
        for (const [i, call] of fixture.calls.entries()) if (call.id !== undefined) expect(body.tool_calls[i]?.id, fixture.file).to.equal(call.id);
      } else {
        // The HTTP body has no thinking switch (SMG's has none): those fixtures stay library-only.
        if (fixture.options.enableThinking === false) continue;
        const res = await post('/parse/reasoning', { text: fixture.text, reasoning_parser: fixture.parser });
        expect(res.status, fixture.file).to.equal(200);
        expect(await res.json(), fixture.file).to.deep.equal({ normal_text: fixture.normalText, reasoning_text: fixture.reasoningText, success: true });
      }
      served++;
    }
    expect(served).to.be.greaterThan(40);
  });

  it("an unknown parser is a 400 in the OpenAI error shape, with SMG's wording and success: false", async () => {
    const tool = await post('/parse/function_call', { text: 'x', tool_call_parser: 'nope' });
    expect(tool.status).to.equal(400);
    const toolBody = (await tool.json()) as ErrorAnswer;
    expect(toolBody.success).to.equal(false);
    expect(toolBody.error).to.include({ type: 'invalid_request_error', code: 'unknown_parser' });
    expect(toolBody.error.message).to.match(/^Unknown tool parser: nope\. Set tool_call_parser to one of/);

    const reasoning = await post('/parse/reasoning', { text: 'x', reasoning_parser: 'nope' });
    expect(reasoning.status).to.equal(400);
    const reasoningBody = (await reasoning.json()) as ErrorAnswer;
    expect(reasoningBody.success).to.equal(false);
    expect(reasoningBody.error.message).to.match(/^Unknown reasoning parser: nope\. Set reasoning_parser/);
  });

  it('a bad body is a 400 naming every problem at once', async () => {
    const res = await post('/parse/function_call', { tools: [{ function: {} }], stream: true });
    expect(res.status).to.equal(400);
    const { error } = (await res.json()) as ErrorAnswer;
    expect(error.type).to.equal('invalid_request_error');
    for (const part of ['text', 'tool_call_parser', 'stream', '/tools/0']) expect(error.message).to.include(part);

    const reasoning = await post('/parse/reasoning', { text: 1, reasoning_parser: '' });
    const reasoningError = ((await reasoning.json()) as ErrorAnswer).error;
    expect(reasoning.status).to.equal(400);
    expect(reasoningError.message).to.include('/text').and.include('/reasoning_parser');

    const notJson = await fetch(`${gateway.url}/parse/reasoning`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{"text":' });
    expect(notJson.status).to.equal(400);
  });

  it('is control plane: a data-plane key or none is refused', async () => {
    const body = { text: 'x', reasoning_parser: 'qwen3' };
    expect((await post('/parse/reasoning', body, bearer(KEYS.user))).status).to.equal(401);
    expect((await post('/parse/reasoning', body, {})).status).to.equal(401);
    // A POST on the control plane needs more than a read-only role (the kernel's rule for every POST).
    expect((await post('/parse/reasoning', body, bearer(KEYS.readOnly))).status).to.equal(403);
  });
});
