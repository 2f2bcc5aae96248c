import { expect } from 'chai';
import { checkJsonShape } from '../../../../core/http/check-json-shape.js';
import { GatewayError } from '../../../../core/errors/gateway-error.js';

const limits = { maxDepth: 3, maxContainers: 4 };

function verdict(json: string): string {
  try {
    checkJsonShape(Buffer.from(json), limits);
    return 'ok';
  } catch (err) {
    if (err instanceof GatewayError) return err.message.includes('deeper') ? 'depth' : 'containers';
    throw err;
  }
}

/** The byte-by-byte reading the check must agree with: brackets count only outside strings. */
function slowVerdict(json: string): string {
  let depth = 0;
  let containers = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth += 1;
      containers += 1;
      if (depth > limits.maxDepth) return 'depth';
      if (containers > limits.maxContainers) return 'containers';
    } else if (c === '}' || c === ']') depth -= 1;
  }
  return 'ok';
}

describe('checkJsonShape', () => {
  it('refuses nesting past maxDepth and containers past maxContainers', () => {
    expect(verdict('{"a":[{"b":1}]}')).to.equal('ok');
    expect(verdict('[[[[1]]]]')).to.equal('depth');
    expect(verdict('[{},{},{},{}]')).to.equal('containers');
  });

  it('does not count brackets inside strings, escaped quotes and backslash runs included', () => {
    expect(verdict('{"a":"[[[[{{{{"}')).to.equal('ok');
    expect(verdict('{"a":"x\\"[[[[[\\""}')).to.equal('ok');
    // `\\\\` is an escaped backslash: the quote after it closes the string, so the brackets count.
    expect(verdict('{"a":"x\\\\","b":[[[1]]]}')).to.equal('depth');
    expect(verdict('{"a":"\\\\\\"[[[["}')).to.equal('ok');
    // An unterminated string runs to the end of the body.
    expect(verdict('{"a":"[[[[[')).to.equal('ok');
  });

  it('agrees with a byte-by-byte reading on random documents', () => {
    const alphabet = ['{', '}', '[', ']', '"', '\\', 'a', ',', ':'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 5000; round++) {
      let json = '';
      for (let i = random(24); i > 0; i--) json += alphabet[random(alphabet.length)];
      expect(verdict(json), json).to.equal(slowVerdict(json));
    }
  });
});
