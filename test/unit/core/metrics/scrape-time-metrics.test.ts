import { expect } from 'chai';
import { Registry } from 'prom-client';
import { ScrapeTimeCounter, ScrapeTimeGauge } from '../../../../core/metrics/scrape-time-metrics.js';

describe('scrape-time metrics', () => {
  it('a counter shows what was added by every scrape, once, and a 0 added as a series of 0', async () => {
    const registry = new Registry();
    const counter = new ScrapeTimeCounter({ name: 't_requests_total', help: 'h', labelNames: ['route', 'status'] as const, registers: [registry] });
    counter.add(['/a', '200']);
    counter.add(['/a', '200'], 2);
    counter.add(['/b', '500']);
    counter.add(['/c', '200'], 0);
    const first = await registry.metrics();
    expect(first).to.include('t_requests_total{route="/a",status="200"} 3');
    expect(first).to.include('t_requests_total{route="/b",status="500"} 1');
    expect(first).to.include('t_requests_total{route="/c",status="200"} 0');
    // Read again with nothing new: the same totals, not twice them.
    expect(await registry.metrics()).to.equal(first);
    counter.add(['/a', '200']);
    expect(await registry.metrics()).to.include('t_requests_total{route="/a",status="200"} 4');
    // get() (what /statsz-style readers use) sees the sums too.
    const values = (await counter.metric.get()).values;
    expect(values.find((v) => v.labels['route'] === '/a')?.value).to.equal(4);
  });

  it('a gauge shows its current value per label set', async () => {
    const registry = new Registry();
    const gauge = new ScrapeTimeGauge({ name: 't_in_flight', help: 'h', labelNames: ['route'] as const, registers: [registry] });
    gauge.add(['/a'], 1);
    gauge.add(['/a'], 1);
    gauge.add(['/b'], 1);
    expect(await registry.metrics()).to.include('t_in_flight{route="/a"} 2');
    gauge.add(['/a'], -1);
    gauge.add(['/b'], -1);
    const text = await registry.metrics();
    expect(text).to.include('t_in_flight{route="/a"} 1');
    expect(text).to.include('t_in_flight{route="/b"} 0');
  });
});
