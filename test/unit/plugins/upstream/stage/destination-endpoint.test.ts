import { expect } from 'chai';
import { endpointOf, headersForWorker } from '../../../../../plugins/upstream/stage/destination-endpoint.js';

describe('x-semantic-destination-endpoint', () => {
  it('is the worker URL\'s host:port, never its credentials, path or query', () => {
    expect(endpointOf('http://user:s3cret@10.0.0.5:8000/v1?token=abc')).to.equal('10.0.0.5:8000');
    expect(endpointOf('https://workers.example.com/openai')).to.equal('workers.example.com:443');
    expect(endpointOf('http://[::1]/')).to.equal('[::1]:80');
  });

  it('is filled in only when a stage asked for it, per worker', () => {
    const plain = { 'x-selected-model': 'm' };
    expect(headersForWorker(plain, 'http://a:1')).to.equal(plain);
    const asked = { 'x-selected-model': 'm', 'x-semantic-destination-endpoint': 'pending' };
    expect(headersForWorker(asked, 'http://a:1')).to.deep.equal({ 'x-selected-model': 'm', 'x-semantic-destination-endpoint': 'a:1' });
    expect(headersForWorker(asked, 'http://b:2')['x-semantic-destination-endpoint']).to.equal('b:2');
    expect(asked['x-semantic-destination-endpoint'], 'the exchange\'s own headers stay as the stage set them').to.equal('pending');
  });
});
