import { expect } from 'chai';
import { formatTraceparent, parseTraceparent } from '../../../../plugins/tracing/trace-parent.js';

describe('tracing: W3C traceparent', () => {
  const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const SPAN = '00f067aa0ba902b7';

  it('reads a version 00 header and writes it back unchanged', () => {
    const context = parseTraceparent(`00-${TRACE}-${SPAN}-01`);
    expect(context).to.deep.equal({ traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true });
    expect(formatTraceparent(context!)).to.equal(`00-${TRACE}-${SPAN}-01`);
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.traceFlags).to.equal(0);
  });

  it('accepts a future version with extra fields, keeping only the sampled flag', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-03-extra`)).to.deep.include({ traceId: TRACE, traceFlags: 1 });
  });

  it('refuses malformed, all-zero, upper-case, ff-version and version-00-with-extras headers', () => {
    for (const bad of [
      undefined,
      ['a', 'b'],
      '',
      `00-${TRACE}-${SPAN}`,
      `00-${'0'.repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.toUpperCase()}-${SPAN}-01`,
      `ff-${TRACE}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-01-extra`,
      'x'.repeat(10_000),
    ]) {
      expect(parseTraceparent(bad), String(bad).slice(0, 60)).to.equal(undefined);
    }
  });
});
