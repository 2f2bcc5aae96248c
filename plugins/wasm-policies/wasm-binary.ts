/**
 * Just enough of the WebAssembly binary format to tell a core module from a component and to
 * cap a core module's linear memory before it is compiled (V8 offers no other hard cap: worker
 * resourceLimits do not cover linear memory).
 */
export type Transport = 'extism' | 'component';

const MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);
const CORE_VERSION = Buffer.from([0x01, 0x00, 0x00, 0x00]);
const COMPONENT_VERSION = Buffer.from([0x0d, 0x00, 0x01, 0x00]);
const MEMORY_SECTION = 5;

export function transportOf(bytes: Buffer): Transport | undefined {
  if (bytes.length < 8 || !bytes.subarray(0, 4).equals(MAGIC)) return undefined;
  const version = bytes.subarray(4, 8);
  if (version.equals(CORE_VERSION)) return 'extism';
  if (version.equals(COMPONENT_VERSION)) return 'component';
  return undefined;
}

export class MemoryCapError extends Error {
  override name = 'MemoryCapError';
}

/**
 * Returns the module with every memory it defines limited to `maxPages` (a declared maximum above
 * it, or none, becomes `maxPages`). A memory whose minimum is already above the cap is refused.
 */
export function capMemory(bytes: Buffer, maxPages: number): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, sizeLength] = readU32(bytes, at + 1);
    const start = at + 1 + sizeLength;
    const end = start + size;
    if (end > bytes.length) throw new MemoryCapError('truncated section');
    const payload = bytes.subarray(start, end);
    if (id === MEMORY_SECTION) {
      const rewritten = rewriteMemories(payload, maxPages);
      parts.push(Buffer.from([id]), writeU32(rewritten.length), rewritten);
    } else {
      parts.push(bytes.subarray(at, end));
    }
    at = end;
  }
  return Buffer.concat(parts);
}

function rewriteMemories(payload: Buffer, maxPages: number): Buffer {
  const [count, countLength] = readU32(payload, 0);
  const out: Buffer[] = [writeU32(count)];
  let at = countLength;
  for (let i = 0; i < count; i++) {
    const flags = payload[at]!;
    if ((flags & ~0x03) !== 0) throw new MemoryCapError('64-bit or unknown memory flags');
    const [min, minLength] = readU32(payload, at + 1);
    at += 1 + minLength;
    let max = maxPages;
    if ((flags & 0x01) !== 0) {
      const [declared, maxLength] = readU32(payload, at);
      at += maxLength;
      max = Math.min(declared, maxPages);
    }
    if (min > maxPages) throw new MemoryCapError(`memory minimum ${min} pages exceeds the cap of ${maxPages}`);
    out.push(Buffer.from([flags | 0x01]), writeU32(min), writeU32(max));
  }
  return Buffer.concat(out);
}

function readU32(bytes: Buffer, offset: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw new MemoryCapError('truncated LEB128');
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, i + 1];
    shift += 7;
  }
  throw new MemoryCapError('LEB128 too long');
}

function writeU32(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return Buffer.from(out);
}
