/** Tiny core modules written byte by byte, so tests need no toolchain. */
export interface ModuleShape {
  readonly memory?: { readonly min: number; readonly max?: number };
  readonly imports?: readonly { readonly module: string; readonly name: string }[];
  /** Distinguishes otherwise identical modules (different SHA-256). */
  readonly nonce?: string;
  /** Extra custom sections, by name. */
  readonly customSections?: Readonly<Record<string, string>>;
  /** Functions `() -> i32` exported under these names (default: on_request). */
  readonly exports?: readonly string[];
}

export function coreModule(shape: ModuleShape = {}): Buffer {
  const sections: Buffer[] = [];
  const imports = shape.imports ?? [];
  const exports = shape.exports ?? ['on_request'];
  // Types: 0 is () -> () for imports, 1 is () -> i32 for exported functions.
  sections.push(section(1, Buffer.concat([u32(2), Buffer.from([0x60, 0x00, 0x00, 0x60, 0x00, 0x01, 0x7f])])));
  if (imports.length > 0) {
    sections.push(section(2, Buffer.concat([u32(imports.length), ...imports.map((i) => Buffer.concat([name(i.module), name(i.name), Buffer.from([0x00]), u32(0)]))])));
  }
  if (exports.length > 0) sections.push(section(3, Buffer.concat([u32(exports.length), ...exports.map(() => u32(1))])));
  if (shape.memory !== undefined) {
    const { min, max } = shape.memory;
    const limits = max === undefined ? Buffer.concat([Buffer.from([0x00]), u32(min)]) : Buffer.concat([Buffer.from([0x01]), u32(min), u32(max)]);
    sections.push(section(5, Buffer.concat([u32(1), limits])));
  }
  if (exports.length > 0) {
    // Function indices count the imported functions first.
    sections.push(section(7, Buffer.concat([u32(exports.length), ...exports.map((e, i) => Buffer.concat([name(e), Buffer.from([0x00]), u32(imports.length + i)]))])));
    // Each body: no locals, i32.const 0, end.
    sections.push(section(10, Buffer.concat([u32(exports.length), ...exports.map(() => Buffer.from([0x04, 0x00, 0x41, 0x00, 0x0b]))])));
  }
  sections.push(section(0, Buffer.concat([name('switchyard-test'), Buffer.from(shape.nonce ?? '')])));
  for (const [sectionName, content] of Object.entries(shape.customSections ?? {})) {
    sections.push(section(0, Buffer.concat([name(sectionName), Buffer.from(content, 'utf8')])));
  }
  return Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]), ...sections]);
}

function section(id: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([id]), u32(payload.length), payload]);
}

function name(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
}

function u32(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return Buffer.from(out);
}
