import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { PermissionDeniedError } from 'openai';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import { DEFAULT_MODEL_DIR } from '../../../plugins/classify/model/classify-paths.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway } from '../../support/start-gateway.js';
import { buildTinySequenceModel, createTinyWeights } from '../../support/tiny-sequence-classifier.js';

const BERT = join(PACKAGE_ROOT, 'test/fixtures/tokenizers/bert-uncased-subset');

/** classify.model: an operator's model files, read only from inside classify.model_roots. */
describe('classify.model (an operator\'s model)', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  let root: string;
  before(async () => {
    upstream = await new FakeUpstream().start();
    upstream.models = ['math-model', 'general-model'];
    root = mkdtempSync(join(tmpdir(), 'sy-classify-models-'));
    mkdirSync(join(root, 'hashed'));
    for (const file of ['model.onnx', 'labels.json', 'featurizer.json']) copyFileSync(join(DEFAULT_MODEL_DIR, file), join(root, 'hashed', file));
    mkdirSync(join(root, 'guard'));
    // The fixture is a subset of a real WordPiece vocabulary: its ids go up to 19960.
    writeFileSync(join(root, 'guard', 'model.onnx'), buildTinySequenceModel(createTinyWeights(20_000, 4, 2)));
    writeFileSync(join(root, 'guard', 'labels.json'), JSON.stringify({ labels: ['benign', 'jailbreak'], jailbreak_label: 'jailbreak' }));
    for (const file of ['tokenizer.json', 'tokenizer_config.json']) copyFileSync(join(BERT, file), join(root, 'guard', file));
  });
  after(() => upstream.stop());

  const workers = (): unknown[] => [{ url: upstream.url, models: upstream.models }];

  it('serves semantic routing from a hashed model copied under a root', async () => {
    const dir = join(root, 'hashed');
    const gateway = await startGateway({
      classify: { model_roots: [root], model: { model_path: join(dir, 'model.onnx'), labels_path: join(dir, 'labels.json'), featurizer_path: join(dir, 'featurizer.json') } },
      workers: workers(),
      pipeline: ['classify', 'semantic-route', 'upstream'],
      stages: { 'semantic-route': { default_model: 'general-model', categories: [{ name: 'math', model_scores: [{ model: 'math-model', score: 1 }] }] } },
    });
    try {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const answer = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Solve 3x + 7 = 22 for x' }] });
      expect(answer.model).to.equal('math-model');
    } finally {
      await gateway.close();
    }
  });

  it('runs a sequence classifier with its tokenizer.json as the prompt guard', async () => {
    const dir = join(root, 'guard');
    const gateway = await startGateway({
      classify: { model_roots: [root], model: { model_path: join(dir, 'model.onnx'), labels_path: join(dir, 'labels.json'), tokenizer_path: dir, max_tokens: 16 } },
      workers: workers(),
      pipeline: ['upstream'],
      routes: {
        '/v1/chat/completions': { pipeline: ['prompt-guard', 'upstream'], stages: { 'prompt-guard': { threshold: 0, builtin_rules: false } } },
        '/v1/completions': { pipeline: ['prompt-guard', 'upstream'], stages: { 'prompt-guard': { threshold: 1, builtin_rules: false } } },
      },
    });
    try {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      // Threshold 0: any probability is a jailbreak, so the model ran; threshold 1: none is.
      const refused = await client.chat.completions.create({ model: 'general-model', messages: [{ role: 'user', content: 'hello world '.repeat(50) }] }).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(PermissionDeniedError);
      const passed = await client.completions.create({ model: 'general-model', prompt: 'hello world' }).withResponse();
      expect(passed.response.headers.get('x-security-checks')).to.equal('jailbreak:passed');
      const intent = recordOf(await (await postJson(`${gateway.url}/api/v1/classify/intent`, { text: 'hello world' })).json());
      expect(recordOf(intent['classification'])['category']).to.be.oneOf(['benign', 'jailbreak']);
    } finally {
      await gateway.close();
    }
  });

  it('refuses a model file outside the roots, saying where it must be', async () => {
    const error = await startGateway({
      classify: { model_roots: [join(root, 'guard')], model: { model_path: join(DEFAULT_MODEL_DIR, 'model.onnx'), labels_path: join(root, 'guard', 'labels.json'), featurizer_path: join(DEFAULT_MODEL_DIR, 'featurizer.json') } },
      workers: workers(),
      pipeline: ['classify', 'upstream'],
    }).then((g) => g.close().then(() => undefined), (e: unknown) => e);
    expect(String(error)).to.contain('classify.model.model_path').and.contain('not a readable file inside classify.model_roots');
  });
});
