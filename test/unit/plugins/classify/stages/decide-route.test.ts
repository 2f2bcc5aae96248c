import { expect } from 'chai';
import type { SemanticRouteConfig } from '../../../../../plugins/classify/config/semantic-route-config.generated.js';
import type { ClassifyResult } from '../../../../../plugins/classify/model/classify-result.js';
import { decideRoute, modelsOf } from '../../../../../plugins/classify/stages/decide-route.js';

const CONFIG: SemanticRouteConfig = {
  default_model: 'general',
  auto_models: ['auto', 'router'],
  force: false,
  min_confidence: 0.5,
  model_pii_policies: {
    'math-a': { allow_by_default: false, pii_types_allowed: ['EMAIL'] },
    small: { allow_by_default: false, pii_types_allowed: [] },
    general: { allow_by_default: false, pii_types_allowed: ['PHONE'] },
  },
  categories: [
    { name: 'math', model_scores: [{ model: 'small', score: 0.4 }, { model: 'math-a', score: 0.9 }, { model: 'math-b', score: 0.9 }] },
    { name: 'science', min_confidence: 0.8, model_scores: [{ model: 'sci', score: 1 }] },
  ],
};

const result = (category: string, confidence: number): ClassifyResult => ({ category, confidence, scores: { [category]: confidence }, jailbreak: null });

describe('decideRoute', () => {
  it('routes an auto model to the best-scored model of the category; the first of equal scores wins', () => {
    expect(decideRoute(CONFIG, 'auto', result('math', 0.9))).to.deep.equal({ model: 'math-a', reason: 'auto_routing', category: 'math', confidence: 0.9 });
    expect(decideRoute(CONFIG, 'router', result('math', 0.9)).model).to.equal('math-a');
  });

  it('keeps a named model unless forced', () => {
    expect(decideRoute(CONFIG, 'gpt-x', result('math', 0.9))).to.include({ model: 'gpt-x', reason: 'model_specified' });
    expect(decideRoute({ ...CONFIG, force: true }, 'gpt-x', result('math', 0.9))).to.include({ model: 'math-a', reason: 'auto_routing' });
  });

  it('falls back to the default below the (per-category) minimum, for unlisted categories and for no text', () => {
    expect(decideRoute(CONFIG, 'auto', result('math', 0.49))).to.include({ model: 'general', reason: 'low_confidence_default' });
    expect(decideRoute(CONFIG, 'auto', result('science', 0.7))).to.include({ model: 'general', reason: 'low_confidence_default' });
    expect(decideRoute(CONFIG, 'auto', result('science', 0.8))).to.include({ model: 'sci', reason: 'auto_routing' });
    expect(decideRoute(CONFIG, 'auto', result('law', 0.99))).to.include({ model: 'general', category: 'law' });
    expect(decideRoute(CONFIG, 'auto', null)).to.deep.equal({ model: 'general', reason: 'low_confidence_default', category: null, confidence: 0 });
  });

  it('skips a model whose PII policy does not allow what the prompt holds (pii_policy_alternative_selected)', () => {
    const math = result('math', 0.9);
    expect(decideRoute(CONFIG, 'auto', math, new Set(['EMAIL']))).to.include({ model: 'math-a', reason: 'auto_routing' });
    expect(decideRoute(CONFIG, 'auto', math, new Set(['PHONE']))).to.include({ model: 'math-b', reason: 'pii_policy_alternative_selected' });
    const noScored = decideRoute({ ...CONFIG, categories: [{ name: 'math', model_scores: [{ model: 'small', score: 1 }] }] }, 'auto', math, new Set(['PHONE']));
    expect(noScored).to.include({ model: 'general', reason: 'pii_policy_alternative_selected' }).and.not.have.property('refused');
    const none = decideRoute({ ...CONFIG, categories: [{ name: 'math', model_scores: [{ model: 'small', score: 1 }] }] }, 'auto', math, new Set(['EMAIL']));
    expect(none).to.include({ reason: 'pii_policy_alternative_selected', refused: true });
  });

  it('lists every model the config names (the metric label set)', () => {
    expect([...modelsOf(CONFIG)].sort()).to.deep.equal(['general', 'math-a', 'math-b', 'sci', 'small']);
  });
});
