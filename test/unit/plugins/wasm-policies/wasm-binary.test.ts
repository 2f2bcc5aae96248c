import { expect } from 'chai';
import { capMemory, MemoryCapError, transportOf } from '../../../../plugins/wasm-policies/wasm-binary.js';
import { coreModule } from '../../../support/wasm-fixtures.js';

describe('wasm binary', () => {
  it('tells core modules from components and refuses anything else', () => {
    expect(transportOf(coreModule())).to.equal('extism');
    expect(transportOf(Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]))).to.equal('component');
    expect(transportOf(Buffer.from('#!/bin/sh\necho hi\n'))).to.equal(undefined);
    expect(transportOf(Buffer.from([0x00, 0x61, 0x73, 0x6d]))).to.equal(undefined);
  });

  it('caps memory: no maximum → the cap; a larger maximum → the cap; a smaller one is kept', async () => {
    for (const [memory, expected] of [
      // one memory, flags 01 (has a maximum), minimum, maximum
      [{ min: 1 }, '01' + '01' + '01' + '10'],
      [{ min: 2, max: 1000 }, '01' + '01' + '02' + '10'],
      [{ min: 1, max: 4 }, '01' + '01' + '01' + '04'],
    ] as const) {
      const capped = capMemory(coreModule({ memory }), 16);
      expect(WebAssembly.validate(capped)).to.equal(true);
      const module = await WebAssembly.compile(capped);
      expect(WebAssembly.Module.exports(module)).to.deep.equal([{ name: 'on_request', kind: 'function' }]);
      expect(capped.toString('hex')).to.contain(`0504${expected}`);
    }
  });

  it('refuses a memory whose minimum is above the cap, and truncated input', () => {
    expect(() => capMemory(coreModule({ memory: { min: 300 } }), 256)).to.throw(MemoryCapError, /exceeds the cap/);
    const truncated = coreModule({ memory: { min: 1 } }).subarray(0, 11);
    expect(() => capMemory(truncated, 16)).to.throw(MemoryCapError);
  });
});
