import { expect } from 'chai';
import { buildPlanFromRawConfig } from '../../../../support/pii-redaction-plan.js';
import { findEntities } from './find-entities.js';

describe('pii-redaction deny-list recognizer', () => {
  it('matches whole words, case-insensitively by default', () => {
    const plan = buildPlanFromRawConfig({ custom_recognizers: [{ name: 'names', entity_type: 'CODE_NAME', deny_list: ['Project Falcon', 'bluebird'] }] });
    expect(findEntities('project falcon ships; Bluebird too; bluebirds and xbluebird do not', plan)).to.deep.equal([
      ['CODE_NAME', 'project falcon'],
      ['CODE_NAME', 'Bluebird'],
    ]);
  });

  it('matches case-sensitively when asked', () => {
    const plan = buildPlanFromRawConfig({ custom_recognizers: [{ name: 'names', entity_type: 'CODE_NAME', deny_list: ['Falcon'], case_insensitive: false }] });
    expect(findEntities('Falcon falcon', plan)).to.deep.equal([['CODE_NAME', 'Falcon']]);
  });
});
