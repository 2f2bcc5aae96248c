import { expect } from 'chai';
import { TEAM_GRANT, teamSubject } from '../../../../plugins/budget/team-grant.js';

describe('the team grant', () => {
  it('lets a caller without a team give any team, or none', () => {
    expect(TEAM_GRANT.exceeds?.(undefined, 'eng', true)).to.equal(undefined);
    expect(TEAM_GRANT.exceeds?.(undefined, undefined, true)).to.equal(undefined);
  });

  it('keeps a team member inside the team: no other team, no team-less key', () => {
    expect(TEAM_GRANT.exceeds?.('eng', 'eng', true)).to.equal(undefined);
    expect(TEAM_GRANT.exceeds?.('eng', 'ops', true)).to.contain('team "eng"');
    expect(TEAM_GRANT.exceeds?.('eng', undefined, true)).to.contain('team "eng"');
    // A patch that leaves the team alone is fine; one that moves the key out is not.
    expect(TEAM_GRANT.exceeds?.('eng', undefined, false)).to.equal(undefined);
    expect(TEAM_GRANT.exceeds?.('eng', 'ops', false)).to.contain('team "eng"');
  });

  it('reads strings only, and its spend subject cannot be a key subject', () => {
    expect(TEAM_GRANT.read('eng')).to.equal('eng');
    expect(TEAM_GRANT.read(3)).to.equal(undefined);
    expect(teamSubject('eng')).to.equal('team:eng');
  });
});
