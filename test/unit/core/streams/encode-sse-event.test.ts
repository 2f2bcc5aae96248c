import { expect } from 'chai';
import fc from 'fast-check';
import { encodeSseComment, encodeSseEvent } from '../../../../core/streams/encode-sse-event.js';
import { describeFrame, frameSse } from '../../../support/frame-sse.js';

describe('encodeSseEvent', () => {
  it('writes event, id, retry and data lines, ended by a blank line', () => {
    expect(encodeSseEvent({ event: 'delta', id: '7', retry: 3000, data: '{"a":1}' }).toString()).to.equal('event: delta\nid: 7\nretry: 3000\ndata: {"a":1}\n\n');
    expect(encodeSseEvent({ data: '' }).toString()).to.equal('data: \n\n');
  });

  it('writes multi-line data as several data lines', () => {
    expect(encodeSseEvent({ data: 'a\nb\r\nc\rd' }).toString()).to.equal('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('refuses an event name or id that would split the event, and an id readers would ignore', () => {
    expect(() => encodeSseEvent({ event: 'a\nb', data: 'x' })).to.throw(RangeError);
    expect(() => encodeSseEvent({ id: 'a\rb', data: 'x' })).to.throw(RangeError);
    expect(() => encodeSseEvent({ id: 'a\0b', data: 'x' })).to.throw(RangeError);
    expect(() => encodeSseEvent({ retry: -1, data: 'x' })).to.throw(RangeError);
  });

  it('is read back by the framer as what was encoded', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', ':', '\n', '\r', 'é', '😀', '\0') });
    fc.assert(
      fc.property(text, fc.option(text.filter((s) => !/[\r\n]/.test(s)), { nil: undefined }), (data, event) => {
        const [frame, ...rest] = frameSse([encodeSseEvent(event === undefined ? { data } : { event, data })]).map(describeFrame);
        expect(rest).to.deep.equal([]);
        expect(frame).to.include({ kind: 'event', data: data.replace(/\r\n|\r/g, '\n'), event: event === '' ? undefined : event, terminated: true });
      }),
    );
  });
});

describe('encodeSseComment', () => {
  it('writes a keep-alive the framer reports as a comment-only block', () => {
    const bytes = encodeSseComment('ping');
    expect(bytes.toString()).to.equal(': ping\n\n');
    expect(frameSse([bytes], { reportComments: true }).map((f) => [f.kind, f.comments])).to.deep.equal([['ignored', ['ping']]]);
  });
});
