import { expect } from 'chai';
import { readReplicaReport } from '../../../../plugins/ha/fleet-report.js';

describe('ha: readReplicaReport (another replica\'s report, read back from Redis)', () => {
  const worker = { id: 'worker-1', models: ['m'], healthy: true, draining: false, circuit: 'closed', circuits: { m: 'closed' }, in_flight: 0, max_in_flight: 8 };
  const policy = { model: 'm', policy: 'round_robin', workers: ['worker-1'], available_workers: ['worker-1'] };
  const report = { replica_id: 'r1', reported_at: '2026-01-01T00:00:00.000Z', workers: [worker], policies: [policy] };

  it('takes a well-formed report as it is', () => {
    expect(readReplicaReport(report)).to.deep.equal(report);
  });

  it('refuses a report whose identity or lists are not what a replica writes', () => {
    for (const bad of [null, 'text', [], { ...report, replica_id: 'a b' }, { ...report, reported_at: 'yesterday' }, { ...report, workers: {} }, { ...report, policies: undefined }]) {
      expect(readReplicaReport(bad), JSON.stringify(bad)).to.equal(undefined);
    }
  });

  it('drops the malformed entries of a report and keeps the rest; unknown fields do not travel on', () => {
    const read = readReplicaReport({
      ...report,
      workers: [worker, { ...worker, id: 42 }, { ...worker, healthy: 'yes' }, { ...worker, url: 'http://10.0.0.1', circuits: { m: 'closed', n: 7 } }],
      policies: [policy, { ...policy, workers: [1] }],
    });
    expect(read?.workers).to.have.length(2);
    expect(read?.workers[1]).to.not.have.property('url');
    expect(read?.workers[1]?.circuits).to.deep.equal({ m: 'closed' });
    expect(read?.policies).to.deep.equal([policy]);
  });
});
