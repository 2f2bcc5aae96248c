import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { resolveConfig } from '../../../core/config/load-config.js';
import { loadSchemaValidators } from '../../../core/schema/schema-validators.js';
import { recordOf, recordsOf } from '../../../core/util/narrow-json.js';
import { builtinPlugins } from '../../../plugins/builtin-plugins.js';

const DIR = join(PACKAGE_ROOT, 'deploy', 'kubernetes');

/** Every manifest document in deploy/kubernetes, parsed (a syntax error fails here). */
function manifests(): Record<string, unknown>[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => {
        expect(doc.errors, `${file}: ${doc.errors.map((e) => e.message).join('; ')}`).to.have.length(0);
        return recordOf(doc.toJS());
      }),
    );
}

function path(value: unknown, ...keys: string[]): unknown {
  let node = value;
  for (const key of keys) node = recordOf(node)[key];
  return node;
}

/**
 * The deploy/ manifests and Dockerfile checked without a cluster (runs in CI with the unit tests):
 * probes wired to /liveness and /readiness, non-root, read-only root filesystem, and a gateway
 * config that the gateway itself accepts.
 */
describe('deploy/: container image and Kubernetes manifests', () => {
  it('every manifest has apiVersion, kind and metadata.name', () => {
    const docs = manifests();
    expect(docs.length).to.be.greaterThan(3);
    for (const doc of docs) {
      expect(doc['apiVersion'], JSON.stringify(doc).slice(0, 80)).to.be.a('string');
      expect(doc['kind']).to.be.a('string');
      expect(path(doc, 'metadata', 'name')).to.be.a('string');
    }
  });

  it('every Deployment runs non-root with a read-only root filesystem and probes on every container', () => {
    const deployments = manifests().filter((d) => d['kind'] === 'Deployment');
    expect(deployments.map((d) => path(d, 'metadata', 'name'))).to.include.members(['switchyard', 'switchyard-redis']);
    for (const deployment of deployments) {
      const pod = path(deployment, 'spec', 'template', 'spec');
      const name = String(path(deployment, 'metadata', 'name'));
      expect(path(pod, 'securityContext', 'runAsNonRoot'), name).to.equal(true);
      const labels = path(deployment, 'spec', 'template', 'metadata', 'labels');
      expect(path(deployment, 'spec', 'selector', 'matchLabels'), `${name} selector matches its pods`).to.deep.equal(labels);
      for (const container of recordsOf(path(pod, 'containers'))) {
        expect(path(container, 'securityContext', 'readOnlyRootFilesystem'), name).to.equal(true);
        expect(path(container, 'securityContext', 'allowPrivilegeEscalation'), name).to.equal(false);
        expect(container['livenessProbe'], `${name} liveness`).to.be.an('object');
        expect(container['readinessProbe'], `${name} readiness`).to.be.an('object');
      }
    }
  });

  it('the gateway: N replicas, probes on /liveness and /readiness, writable state and /tmp mounted', () => {
    const gateway = manifests().find((d) => d['kind'] === 'Deployment' && path(d, 'metadata', 'name') === 'switchyard');
    expect(path(gateway, 'spec', 'replicas')).to.be.greaterThan(1);
    const container = recordsOf(path(gateway, 'spec', 'template', 'spec', 'containers'))[0];
    expect(path(container, 'livenessProbe', 'httpGet', 'path')).to.equal('/liveness');
    expect(path(container, 'readinessProbe', 'httpGet', 'path')).to.equal('/readiness');
    const mounts = recordsOf(path(container, 'volumeMounts')).map((m) => m['mountPath']);
    expect(mounts).to.include.members(['/var/lib/switchyard', '/tmp']);
    const args = path(container, 'args');
    expect(args).to.include('--state-dir');
  });

  it('Services and the disruption budget select the gateway pods; a control Service reaches replicas that are not ready', () => {
    const docs = manifests();
    const gateway = docs.find((d) => d['kind'] === 'Deployment' && path(d, 'metadata', 'name') === 'switchyard');
    const labels = recordOf(path(gateway, 'spec', 'template', 'metadata', 'labels'));
    const selects = (selector: unknown): boolean => Object.entries(recordOf(selector)).every(([key, value]) => labels[key] === value);
    const services = docs.filter((d) => d['kind'] === 'Service' && String(path(d, 'metadata', 'name')).startsWith('switchyard') && path(d, 'metadata', 'name') !== 'switchyard-redis');
    expect(services.map((d) => path(d, 'metadata', 'name'))).to.include.members(['switchyard', 'switchyard-control']);
    for (const service of services) {
      expect(selects(path(service, 'spec', 'selector')), String(path(service, 'metadata', 'name'))).to.equal(true);
      for (const port of recordsOf(path(service, 'spec', 'ports'))) expect(port['targetPort']).to.equal('http');
    }
    // Maintenance turns every replica's readiness 503: the control plane must stay reachable to end it.
    const control = services.find((d) => path(d, 'metadata', 'name') === 'switchyard-control');
    expect(path(control, 'spec', 'publishNotReadyAddresses')).to.equal(true);
    const budget = docs.find((d) => d['kind'] === 'PodDisruptionBudget');
    expect(selects(path(budget, 'spec', 'selector', 'matchLabels'))).to.equal(true);
    expect(path(budget, 'spec', 'minAvailable')).to.be.below(Number(path(gateway, 'spec', 'replicas')));
  });

  it('the ConfigMap holds a config the gateway accepts (with the env the Deployment sets)', () => {
    const configMap = manifests().find((d) => d['kind'] === 'ConfigMap' && path(d, 'metadata', 'name') === 'switchyard-config');
    const raw: unknown = parse(String(path(configMap, 'data', 'config.yaml')));
    const env = { GATEWAY_KEY: 'sk-deploy-check-gateway', OPS_KEY: 'sk-deploy-check-ops', POD_NAME: 'switchyard-0', POD_IP: '10.0.0.1', HA_SEAL_KEY: 'deploy-check-seal-key-0123456789' };
    const config = resolveConfig(raw, loadSchemaValidators(), 'deploy/kubernetes/switchyard.yaml', builtinPlugins(), env);
    expect(path(config, 'ha', 'backend')).to.equal('redis');
    expect(path(config, 'ha', 'replica_id')).to.equal('switchyard-0');
  });

  it('the Dockerfile runs as a non-root user with a health check on /liveness', () => {
    const dockerfile = readFileSync(join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
    const user = /^USER\s+(\S+)/m.exec(dockerfile)?.[1];
    expect(user, 'a USER line').to.be.a('string');
    expect(user).to.not.match(/^(root|0)(:|$)/);
    expect(dockerfile).to.match(/^HEALTHCHECK .*\n?.*\/liveness/m);
    expect(dockerfile).to.match(/--state-dir/);
    // The final stage writes only to its volumes (read-only root filesystem): the state directory and /tmp.
    expect(dockerfile).to.match(/^VOLUME \[.*"\/var\/lib\/switchyard".*"\/tmp".*\]/m);
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(final.indexOf('USER '), 'USER before the entrypoint').to.be.lessThan(final.indexOf('ENTRYPOINT'));
  });
});
