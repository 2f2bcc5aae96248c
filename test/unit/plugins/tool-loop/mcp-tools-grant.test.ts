import { expect } from 'chai';
import { allowsTool, MCP_TOOLS_GRANT } from '../../../../plugins/tool-loop/mcp-tools-grant.js';

describe('the mcp_tools grant', () => {
  it('admits every tool when unset, and by "*", server or server/tool entries', () => {
    expect(allowsTool(undefined, 'calc', 'add')).to.equal(true);
    expect(allowsTool(['*'], 'calc', 'add')).to.equal(true);
    expect(allowsTool(['calc'], 'calc', 'add')).to.equal(true);
    expect(allowsTool(['calc/add'], 'calc', 'add')).to.equal(true);
    expect(allowsTool(['calc/add'], 'calc', 'echo')).to.equal(false);
    expect(allowsTool(['calculator'], 'calc', 'add'), 'no prefix matching').to.equal(false);
    expect(allowsTool([], 'calc', 'add')).to.equal(false);
  });

  it('never lets a key grant more tools than it holds', () => {
    const exceeds = (held: readonly string[] | undefined, wanted: readonly string[] | null | undefined, isCreate: boolean): string | undefined => MCP_TOOLS_GRANT.exceeds?.(held, wanted, isCreate);
    expect(exceeds(undefined, ['*'], true), 'an unrestricted key grants anything').to.equal(undefined);
    expect(exceeds(['calc'], ['calc/add', 'calc'], true)).to.equal(undefined);
    expect(exceeds(['calc/add'], ['calc/add'], false)).to.equal(undefined);
    expect(exceeds(['calc/add'], ['calc'], false)).to.contain('beyond your own');
    expect(exceeds(['calc'], ['*'], false)).to.contain('beyond your own');
    expect(exceeds(['calc'], ['search/find'], false)).to.contain('beyond your own');
    expect(exceeds(['calc'], undefined, true), 'a restricted key cannot create an unrestricted one').to.contain('beyond your own');
    expect(exceeds(['calc'], null, false), 'nor clear its own restriction on a key').to.contain('beyond your own');
    expect(exceeds(['calc'], undefined, false), 'a patch that leaves the field alone').to.equal(undefined);
  });

  it('reads only lists of strings', () => {
    expect(MCP_TOOLS_GRANT.read(['calc'])).to.deep.equal(['calc']);
    expect(MCP_TOOLS_GRANT.read('calc')).to.equal(undefined);
    expect(MCP_TOOLS_GRANT.read([1])).to.equal(undefined);
  });
});
