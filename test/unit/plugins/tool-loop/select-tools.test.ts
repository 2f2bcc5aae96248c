import { expect } from 'chai';
import type { McpConnection } from '../../../../plugins/tool-loop/mcp/mcp-connection.js';
import type { McpFunction, ToolCatalogue } from '../../../../plugins/tool-loop/stage/mcp-tool-catalogue.js';
import { lastUserText, selectTools } from '../../../../plugins/tool-loop/stage/select-tools.js';

function catalogue(tools: readonly { name: string; description: string }[]): ToolCatalogue {
  // The selection reads only the tools' names and descriptions, never the connection.
  const connection = {} as McpConnection;
  const functions = new Map<string, McpFunction>(tools.map((t) => [`s__${t.name}`, { connection, tool: { name: t.name, description: t.description, inputSchema: { type: 'object' } } }]));
  const client = { type: 'function', function: { name: 'mine' } };
  return { tools: [client, ...tools.map((t) => ({ type: 'function', function: { name: `s__${t.name}` } }))], functions };
}

describe('selectTools (top-k MCP tools for a prompt)', () => {
  const all = catalogue([
    { name: 'search_web', description: 'Search the web for pages' },
    { name: 'get_weather', description: 'Current weather for a city' },
    { name: 'sendEmail', description: 'Send an email message' },
  ]);

  it('keeps the k tools sharing the most (rarer) words with the prompt, and the client\'s own tools', () => {
    const picked = selectTools(all, 'What is the weather in Oslo?', 1);
    expect([...picked.functions.keys()]).to.deep.equal(['s__get_weather']);
    expect(picked.tools).to.have.length(2);
    expect([...selectTools(all, 'please send an email to Bob', 1).functions.keys()], 'camelCase names split into words').to.deep.equal(['s__sendEmail']);
  });

  it('keeps registration order on ties and changes nothing under k', () => {
    expect([...selectTools(all, 'nothing matches', 2).functions.keys()]).to.deep.equal(['s__search_web', 's__get_weather']);
    expect(selectTools(all, 'x', 3)).to.equal(all);
  });

  it('reads the last user message, text parts included', () => {
    expect(lastUserText([{ role: 'user', content: 'first' }, { role: 'assistant', content: 'a' }, { role: 'user', content: [{ type: 'text', text: 'second' }] }])).to.equal('second');
    expect(lastUserText(undefined)).to.equal('');
  });
});
