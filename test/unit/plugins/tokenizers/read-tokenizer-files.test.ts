import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import { readChatTemplateFile, readTokenizerFiles } from '../../../../plugins/tokenizers/read-tokenizer-files.js';
import { TokenizerFileRefused, TokenizerFormatError } from '../../../../plugins/tokenizers/tokenizer-errors.js';

const BERT = join(PACKAGE_ROOT, 'test', 'fixtures', 'tokenizers', 'bert-uncased-subset');

describe('readTokenizerFiles', () => {
  let base: string;
  let root: string;
  let outside: string;
  const options = (): { roots: string[]; maxFileBytes: number } => ({ roots: [root], maxFileBytes: 1_000_000 });

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'tokenizer-files-'));
    root = join(base, 'root');
    outside = join(base, 'outside');
    mkdirSync(join(root, 'bert'), { recursive: true });
    mkdirSync(join(root, 'empty'));
    mkdirSync(outside);
    copyFileSync(join(BERT, 'tokenizer.json'), join(root, 'bert', 'tokenizer.json'));
    copyFileSync(join(BERT, 'tokenizer_config.json'), join(root, 'bert', 'tokenizer_config.json'));
    writeFileSync(join(root, 'bert', 'chat_template.jinja'), '{{ messages[0].content }}');
    copyFileSync(join(BERT, 'tokenizer.json'), join(outside, 'tokenizer.json'));
    writeFileSync(join(outside, 'template.jinja'), 'x');
    symlinkSync(join(outside, 'tokenizer.json'), join(root, 'link-out.json'));
    symlinkSync(outside, join(root, 'dir-link-out'));
    writeFileSync(join(root, 'not-json.json'), '{ nope');
    writeFileSync(join(root, 'big.json'), `"${'x'.repeat(2_000_000)}"`);
    execFileSync('mkfifo', [join(root, 'fifo.json')]);
  });

  after(() => rmSync(base, { recursive: true, force: true }));

  it('reads tokenizer.json, tokenizer_config.json and chat_template.jinja from a directory', async () => {
    const files = await readTokenizerFiles(join(root, 'bert'), options());
    expect(files.realPath).to.equal(join(root, 'bert', 'tokenizer.json'));
    expect(files.tokenizerJson).to.have.nested.property('model.type', 'WordPiece');
    expect(files.tokenizerConfig).to.have.property('do_lower_case', true);
    expect(files.chatTemplateFile).to.equal('{{ messages[0].content }}');
  });

  it('reads a tokenizer.json named directly, and a chat_template_path that replaces the sibling template', async () => {
    writeFileSync(join(root, 'other.jinja'), 'other');
    const files = await readTokenizerFiles(join(root, 'bert', 'tokenizer.json'), { ...options(), chatTemplatePath: join(root, 'other.jinja') });
    expect(files.chatTemplateFile).to.equal('other');
  });

  for (const [what, path] of [
    ['a path outside every root', (): string => join(outside, 'tokenizer.json')],
    ['a missing file', (): string => join(root, 'missing.json')],
    ['a link out of the root', (): string => join(root, 'link-out.json')],
    ['a directory link out of the root', (): string => join(root, 'dir-link-out')],
    ['a directory without tokenizer.json', (): string => join(root, 'empty')],
    ['a file over max_file_bytes', (): string => join(root, 'big.json')],
    ['a FIFO', (): string => join(root, 'fifo.json')],
    ['the root itself', (): string => root],
    ['a relative escape', (): string => join(root, '..', 'outside', 'tokenizer.json')],
  ] as const) {
    it(`refuses ${what} with the one uniform error`, async () => {
      const err = await readTokenizerFiles(path(), options()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(TokenizerFileRefused);
      expect((err as Error).message).to.equal(new TokenizerFileRefused().message).and.include('tokenizers.roots');
    });
  }

  it('refuses everything when no root is configured', async () => {
    const err = await readTokenizerFiles(join(root, 'bert'), { roots: [], maxFileBytes: 1_000_000 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TokenizerFileRefused);
  });

  it('refuses a chat_template_path outside the roots', async () => {
    const err = await readChatTemplateFile(join(outside, 'template.jinja'), options()).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TokenizerFileRefused).with.property('message').that.includes('chat_template_path');
  });

  it('says a file inside the roots is not JSON without quoting it', async () => {
    const err = await readTokenizerFiles(join(root, 'not-json.json'), options()).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TokenizerFormatError).with.property('message', 'not-json.json is not valid JSON');
  });
});
