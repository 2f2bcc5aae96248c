import { expect } from 'chai';
import { loadSchemaValidators } from '../../../../core/schema/schema-validators.js';

const validators = loadSchemaValidators();
const functionCall = validators.ingressCheck('https://switchyard.dev/schemas/requests/parse-function-call.schema.json');
const reasoning = validators.ingressCheck('https://switchyard.dev/schemas/requests/parse-reasoning.schema.json');

describe('schemas/requests: SMG /parse bodies', () => {
  it('accepts SMG-shaped function-call bodies, with OpenAI or flat tools, or none', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'd', parameters: { type: 'object' } } }];
    expect(functionCall({ text: '<tool_call>…</tool_call>', tool_call_parser: 'qwen', tools })).to.equal(undefined);
    expect(functionCall({ text: '', tool_call_parser: 'json', tools: [{ name: 'f' }] })).to.equal(undefined);
    expect(functionCall({ text: 'x', tool_call_parser: 'json' })).to.equal(undefined);
  });

  it('refuses function-call bodies missing fields, with wrong types or unknown fields', () => {
    expect(functionCall({ text: 'x' })).to.deep.equal({ path: '/tool_call_parser', message: 'is required' });
    expect(functionCall({ text: 1, tool_call_parser: 'qwen' })?.path).to.equal('/text');
    expect(functionCall({ text: 'x', tool_call_parser: 'qwen', tools: [{ function: {} }] })?.path).to.match(/^\/tools\/0/);
    expect(functionCall({ text: 'x', tool_call_parser: 'qwen', stream: true })).to.deep.equal({ path: '/stream', message: 'is not a known property' });
  });

  it('accepts SMG-shaped reasoning bodies and refuses others', () => {
    expect(reasoning({ text: '<think>a</think>b', reasoning_parser: 'deepseek_r1' })).to.equal(undefined);
    expect(reasoning({ text: 'x' })).to.deep.equal({ path: '/reasoning_parser', message: 'is required' });
    expect(reasoning({ text: 'x', reasoning_parser: '' })?.path).to.equal('/reasoning_parser');
  });
});
