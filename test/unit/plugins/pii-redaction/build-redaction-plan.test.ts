import { expect } from 'chai';
import { PiiRedactionConfigError } from '../../../../plugins/pii-redaction/build-redaction-plan.js';
import { BUILTIN_ENTITY_TYPES } from '../../../../plugins/pii-redaction/entity-types.js';
import { buildPlanFromRawConfig, validatePiiRedactionConfig } from '../../../support/pii-redaction-plan.js';

describe('pii-redaction config and plan', () => {
  it('an empty config means every built-in type is looked for and masked in both directions', () => {
    const config = validatePiiRedactionConfig({});
    const plan = buildPlanFromRawConfig({});
    expect(plan.analyzer.entityTypes).to.have.members([...BUILTIN_ENTITY_TYPES]);
    for (const type of BUILTIN_ENTITY_TYPES) {
      expect(config.entities[type]).to.deep.equal({ enabled: true, threshold: 0.5, request: 'mask', response: 'mask', context_words: [] });
      expect(plan.actionFor(type, 'request')).to.equal('mask');
      expect(plan.actionFor(type, 'response')).to.equal('mask');
    }
    expect(config).to.include({ default_region: 'US', hash_length: 12, reversible: false, stream_holdback_max_chars: 4096, context_window_chars: 48 });
    expect(plan.reversible).to.equal('off');
    expect(plan.createVault()).to.equal(undefined);
  });

  it('the schema refuses unknown fields, actions and custom types named like built-ins', () => {
    expect(() => validatePiiRedactionConfig({ entitys: {} })).to.throw(/entitys is not a known property/);
    expect(() => validatePiiRedactionConfig({ entities: { EMAIL: { request: 'drop' } } })).to.throw(/must be one of/);
    expect(() => validatePiiRedactionConfig({ custom_recognizers: [{ name: 'x', entity_type: 'EMAIL', pattern: 'x' }] })).to.throw(/entity_type/);
    expect(() => validatePiiRedactionConfig({ custom_recognizers: [{ name: 'x', entity_type: 'X', pattern: 'x', deny_list: ['y'] }] })).to.throw(/oneOf|must match exactly one/);
  });

  it('disabled types are not looked for; thresholds and per-direction actions apply', () => {
    const plan = buildPlanFromRawConfig({ entities: { EMAIL: { enabled: false }, US_SSN: { request: 'redact', response: 'allow' }, PHONE: { threshold: 0.9 } } });
    expect(plan.analyzer.entityTypes).not.to.include('EMAIL');
    // +44… scores 0.7 (0.7 + 0.35 with "call" before it, which would pass 0.9).
    const text = 'a@b.io SSN 536-22-8726 or +44 20 7946 0958';
    expect(plan.redactText(text, 'request').text).to.equal('a@b.io SSN  or +44 20 7946 0958');
    expect(plan.redactText(text, 'response')).to.deep.include({ text, entities: { US_SSN: 1 }, actions: { US_SSN: { allow: 1 } } });
  });

  it('refuses hash without a key, unknown regions, oversized custom max_length', () => {
    expect(() => buildPlanFromRawConfig({ entities: { EMAIL: { response: 'hash' } } })).to.throw(PiiRedactionConfigError, /hash_key/);
    expect(() => buildPlanFromRawConfig({ default_region: 'XX' })).to.throw(PiiRedactionConfigError, /default_region/);
    expect(() => buildPlanFromRawConfig({ phone_regions: ['GB', 'QQ'] })).to.throw(PiiRedactionConfigError, /phone_regions/);
    expect(() =>
      buildPlanFromRawConfig({ stream_holdback_max_chars: 512, custom_recognizers: [{ name: 'x', entity_type: 'X', pattern: 'x', max_length: 300 }] }),
    ).to.throw(PiiRedactionConfigError, /max_length/);
  });

  it('reports blocked types for a whole text, masking them anyway', () => {
    const plan = buildPlanFromRawConfig({ entities: { PRIVATE_KEY: { request: 'block' } } });
    const result = plan.redactText('key -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- and a@b.io', 'request');
    expect(result).to.deep.equal({
      text: 'key <PRIVATE_KEY> and <EMAIL>',
      entities: { EMAIL: 1, PRIVATE_KEY: 1 },
      actions: { EMAIL: { mask: 1 }, PRIVATE_KEY: { block: 1 } },
      blocked: ['PRIVATE_KEY'],
    });
  });

  it('hashes with the configured key and length', () => {
    const plan = buildPlanFromRawConfig({ entities: { EMAIL: { request: 'hash' } }, hash_key: 'k'.repeat(32), hash_length: 8 });
    const first = plan.redactText('a@b.io', 'request').text;
    expect(first).to.match(/^<EMAIL:[0-9a-f]{8}>$/);
    expect(plan.redactText('x a@b.io y', 'request').text).to.equal(`x ${first} y`);
  });

  describe('reversible mode', () => {
    it('numbers request entities, keeps them per request, and restores them in the response', () => {
      const plan = buildPlanFromRawConfig({ reversible: true });
      const vault = plan.createVault();
      expect(plan.reversible).to.equal('restore');
      const first = plan.redactText('mail jane@example.com and joe@example.com', 'request', vault);
      const second = plan.redactText('again jane@example.com', 'request', vault);
      expect(first.text).to.equal('mail <EMAIL_1> and <EMAIL_2>');
      expect(second.text).to.equal('again <EMAIL_1>');
      const answer = plan.processResponseText('I wrote to <EMAIL_2>; new contact x@y.io', vault);
      expect(answer).to.deep.include({ text: 'I wrote to joe@example.com; new contact <EMAIL>', restored: 1, entities: { EMAIL: 1 } });
    });

    it('restores in a response stream split inside a placeholder', () => {
      const plan = buildPlanFromRawConfig({ reversible: 'restore' });
      const vault = plan.createVault();
      plan.redactText('call +44 20 7946 0958', 'request', vault);
      const stream = plan.createResponseStream(vault);
      const out = ['Call <PHO', 'NE_', '1> or mail a@', 'b.io'].map((delta) => stream.push(delta)).join('') + stream.flush();
      expect(out).to.equal('Call +44 20 7946 0958 or mail <EMAIL>');
      expect(stream.restored).to.equal(1);
    });

    it('placeholders mode numbers but never restores', () => {
      const plan = buildPlanFromRawConfig({ reversible: 'placeholders' });
      const vault = plan.createVault();
      expect(plan.redactText('a@b.io', 'request', vault).text).to.equal('<EMAIL_1>');
      expect(plan.processResponseText('see <EMAIL_1>', vault).text).to.equal('see <EMAIL_1>');
    });

    it('insists on the request vault so placeholders are never silently plain', () => {
      const plan = buildPlanFromRawConfig({ reversible: true });
      expect(() => plan.redactText('a@b.io', 'request')).to.throw(/vault/);
    });
  });
});
