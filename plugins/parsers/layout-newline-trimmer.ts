/**
 * Streams a string value while dropping the one layout newline models put on each side of it
 * (`<parameter=x>\nvalue\n</parameter>`), exactly as `coerceParameterValue` does for a whole value.
 * It holds back only a possible trailing newline and a lone high surrogate, so the JSON escaping of
 * what it lets through never splits a surrogate pair.
 */
export class LayoutNewlineTrimmer {
  #started = false;
  #pending = '';

  push(chunk: string): string {
    let text = this.#pending + chunk;
    this.#pending = '';
    if (!this.#started) {
      if (text === '') return '';
      if (text === '\r') {
        this.#pending = text;
        return '';
      }
      if (text.startsWith('\r\n')) text = text.slice(2);
      else if (text.startsWith('\n')) text = text.slice(1);
      this.#started = true;
    }
    let keep = 0;
    if (text.endsWith('\r\n')) keep = 2;
    else if (text.endsWith('\n') || text.endsWith('\r')) keep = 1;
    else {
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) keep = 1;
    }
    this.#pending = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  end(): string {
    const pending = this.#pending;
    this.#pending = '';
    return pending === '\n' || pending === '\r\n' ? '' : pending;
  }
}
