import { expect } from 'chai';
import { buildPlanFromRawConfig } from '../../../../support/pii-redaction-plan.js';
import { valuesOf } from './find-entities.js';

describe('pii-redaction phone recognizer', () => {
  it('finds international numbers of several countries', () => {
    for (const number of ['+44 20 7946 0958', '+33 6 12 34 56 78', '+49 30 901820', '+91 98765 43210', '+81 3-1234-5678', '+1 (415) 555-0132', '0044 20 7946 0958']) {
      expect(valuesOf('PHONE', `call ${number} today`), number).to.deep.equal([number]);
    }
  });

  it('finds national numbers of the default region, and of phone_regions when configured', () => {
    expect(valuesOf('PHONE', 'office (201) 555-0123, cell 415.555.0132')).to.deep.equal(['(201) 555-0123', '415.555.0132']);
    expect(valuesOf('PHONE', 'ring 020 7946 0958 please')).to.deep.equal([]);
    const uk = buildPlanFromRawConfig({ default_region: 'GB' });
    expect(valuesOf('PHONE', 'ring 020 7946 0958 please', uk)).to.deep.equal(['020 7946 0958']);
    const both = buildPlanFromRawConfig({ phone_regions: ['FR'] });
    expect(valuesOf('PHONE', 'portable 06 12 34 56 78', both)).to.deep.equal(['06 12 34 56 78']);
  });

  it('needs context for a bare digit run', () => {
    expect(valuesOf('PHONE', 'ref 2015550123 attached')).to.deep.equal([]);
    expect(valuesOf('PHONE', 'phone: 2015550123')).to.deep.equal(['2015550123']);
  });

  it('ignores dates, timestamps, versions, addresses and invalid numbers', () => {
    const text = 'on 2024-01-15 10:30:00, v10.0.19041.1, host 192.168.10.20, ISBN 978-3-16-148410-0, call 555-0100-999';
    expect(valuesOf('PHONE', text)).to.deep.equal([]);
    expect(valuesOf('PHONE', 'call +44 20 7946 095 now')).to.deep.equal([]);
  });
});
