import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readConfigFile } from '../../../core/config/load-config.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import { DEFAULT_MODEL_DIR } from '../../../plugins/classify/model/classify-paths.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-classify-reload-admin-0001';
const MATH = 'Solve 3x + 7 = 22 for x';

/**
 * A changed `classify` section applies through POST /config/reload: the new model loads during the
 * reload and replaces the old one in one step; a model that cannot load refuses the reload with its
 * error and the one in force keeps serving.
 */
describe('classify section hot reload', function () {
  this.timeout(60_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let root: string;
  let configPath: string;

  /** A copy of the shipped model whose labels are renamed, so the answers say which model ran. */
  const modelDir = (name: string, rename: (label: string) => string, labels?: unknown): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    for (const file of ['model.onnx', 'featurizer.json']) copyFileSync(join(DEFAULT_MODEL_DIR, file), join(dir, file));
    const shipped = ['math', 'code', 'science', 'health', 'law', 'business', 'economics', 'history', 'psychology', 'creative_writing', 'general_chat'];
    writeFileSync(join(dir, 'labels.json'), JSON.stringify(labels ?? { labels: shipped.map(rename), jailbreak_threshold: 0.5 }));
    return dir;
  };
  const writeConfig = (dir: string): void => {
    writeFileSync(configPath, stringify({
      auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      classify: { model_roots: [root], model: { model_path: join(dir, 'model.onnx'), labels_path: join(dir, 'labels.json'), featurizer_path: join(dir, 'featurizer.json') } },
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      pipeline: ['upstream'],
      routes: { '/v1/chat/completions': { pipeline: ['classify', 'upstream'] } },
    }));
  };
  const reload = (): Promise<Response> => fetch(`${gateway.url}/config/reload`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
  const intent = async (): Promise<string> => {
    const answer = await postJson(`${gateway.url}/api/v1/classify/intent`, { text: MATH });
    expect(answer.status).to.equal(200);
    return String(recordOf(recordOf(await answer.json())['classification'])['category']);
  };
  const chatCategory = async (): Promise<string | null> => {
    const answer = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: MATH }] });
    expect(answer.status).to.equal(200);
    return answer.headers.get('x-vsr-selected-category');
  };

  before(async () => {
    upstream = await new FakeUpstream().start();
    root = mkdtempSync(join(tmpdir(), 'sy-classify-reload-'));
    configPath = join(root, 'gateway.yaml');
    const first = modelDir('first', (label) => label);
    writeConfig(first);
    gateway = await startGateway({ ...recordOf(readConfigFile(configPath)) }, { configSource: { name: configPath, file: configPath, read: () => readConfigFile(configPath) } });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('swaps in a new model without a restart, for the stages and the Classification API', async () => {
    expect(await intent()).to.equal('math');
    expect(await chatCategory()).to.equal('math');
    writeConfig(modelDir('second', (label) => `v2_${label}`));
    const answer = await reload();
    expect(answer.status).to.equal(200);
    expect(await answer.json(), 'nothing asks for a restart').to.deep.include({ status: 'success', restart_required: [] });
    expect(await intent()).to.equal('v2_math');
    expect(await chatCategory()).to.equal('v2_math');
    const health = recordOf(await (await fetch(`${gateway.url}/health`)).json());
    expect(recordOf(health['models'])['category_classifier']).to.equal('loaded');
  });

  it('refuses a reload whose model cannot load, naming the file, and keeps the model in force', async () => {
    const broken = modelDir('broken', (label) => label, { labels: ['only', 'three', 'labels'], jailbreak_threshold: 0.5 });
    writeConfig(broken);
    const answer = await reload();
    expect(answer.status).to.equal(400);
    const text = await answer.text();
    expect(text).to.contain('the one in force stays');
    expect(text).to.contain(join(broken, 'model.onnx'));
    expect(await intent()).to.equal('v2_math');
    expect(await chatCategory()).to.equal('v2_math');
  });

  it('a reload that leaves the section alone keeps the model loaded as it is', async () => {
    writeConfig(join(root, 'second'));
    const answer = await reload();
    expect(answer.status).to.equal(200);
    expect(await intent()).to.equal('v2_math');
  });
});
