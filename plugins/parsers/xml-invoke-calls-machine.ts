import { isPlausibleFunctionName, MAX_FUNCTION_NAME_LENGTH } from './function-name.js';
import { LayoutNewlineTrimmer } from './layout-newline-trimmer.js';
import type { StreamMachine } from './machine-stream.js';
import { MarkerScanner } from './marker-search.js';
import { ParameterArguments } from './parameter-arguments.js';
import type { ToolCallEmitter } from './tool-call-emitter.js';

export interface XmlInvokeFormat {
  /** The block around calls; text inside a block but outside calls is layout and dropped. */
  readonly blockBegin: string;
  readonly blockEnd: string;
  /** `<function=` / `<invoke name="`: the name follows, up to `invokeNameEnd`. */
  readonly invokeBegin: string;
  readonly invokeNameEnd: string;
  readonly invokeEnd: string;
  readonly parameterBegin: string;
  readonly parameterNameEnd: string;
  readonly parameterEnd: string;
  /** Whether an invoke outside any block still counts (Qwen3-Coder sometimes drops `<tool_call>`). */
  readonly bareInvokes: boolean;
  /** Whether values are XML-escaped (`&lt;`), as MiniMax writes them. */
  readonly xmlEscapedValues: boolean;
}

type Mode = 'text' | 'block' | 'invoke-name' | 'invoke-body' | 'parameter-name' | 'parameter-value';

const XML_ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };

function decodeXmlEntities(text: string): string {
  return text.replace(/&(?:lt|gt|amp|quot|apos);/g, (entity) => XML_ENTITIES[entity] ?? entity);
}

/**
 * Calls written as XML-ish invocations with one element per parameter — Qwen3-Coder's
 * `<function=f><parameter=x>…</parameter></function>`, MiniMax-M2's `<invoke name="f"><parameter name="x">…`,
 * Step3's `<steptml:invoke name="f"><steptml:parameter name="x">…`. The call starts at its name; each
 * parameter is sent when its closing tag arrives (values are typed by the tool's schema). A value
 * whose closing tag is missing ends at the next parameter or at the end of the call.
 */
export class XmlInvokeCallsMachine implements StreamMachine {
  readonly #markers = new MarkerScanner();
  readonly #emitter: ToolCallEmitter;
  readonly #format: XmlInvokeFormat;
  #mode: Mode = 'text';
  #inBlock = false;
  #inBlockBefore = false;
  #blockHasCall = false;
  #blockEnded = false;
  #blockHeld: string[] = [];
  #name = '';
  #parameterName = '';
  #value: string[] = [];
  #arguments: ParameterArguments | undefined;
  #streamedValue: LayoutNewlineTrimmer | undefined;

  constructor(emitter: ToolCallEmitter, format: XmlInvokeFormat) {
    this.#emitter = emitter;
    this.#format = format;
  }

  step(input: string, from: number, final: boolean): number {
    let i = from;
    while (i < input.length) {
      const mode = this.#mode;
      const next = this.#stepMode(input, i, final);
      // A block with no call yet is held as written, to go back as text if none comes.
      if ((mode === 'block' || mode === 'invoke-name') && this.#inBlockBefore && !this.#blockHasCall) this.#blockHeld.push(input.slice(i, next));
      this.#inBlockBefore = this.#inBlock;
      if (this.#blockEnded) this.#settleBlock();
      const progressed = next !== i || this.#mode !== mode;
      i = next;
      if (!progressed) break;
    }
    return i;
  }

  end(): void {
    if (this.#mode === 'invoke-name') this.#abandonName();
    if (this.#mode === 'parameter-value') this.#endParameter();
    this.#endInvoke();
    if (this.#inBlock) this.#settleBlock();
    this.#emitter.end();
  }

  #stepMode(input: string, from: number, final: boolean): number {
    const f = this.#format;
    switch (this.#mode) {
      case 'text': {
        const markers = f.bareInvokes ? [f.blockBegin, f.invokeBegin] : [f.blockBegin];
        const scan = this.#markers.region(input, from, markers, final);
        this.#emitter.text(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        this.#inBlock = scan.hit.which === 0;
        this.#inBlockBefore = this.#inBlock;
        this.#blockHasCall = false;
        this.#blockHeld = this.#inBlock ? [f.blockBegin] : [];
        this.#startName(this.#inBlock ? 'block' : 'invoke-name');
        return scan.hit.end;
      }
      case 'block': {
        const scan = this.#markers.region(input, from, [f.invokeBegin, f.blockEnd], final);
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 0) this.#startName('invoke-name');
        else this.#leaveBlock();
        return scan.hit.end;
      }
      case 'invoke-name': {
        const scan = this.#markers.region(input, from, [f.invokeNameEnd, '<', '\n'], final);
        this.#name += input.slice(from, scan.end);
        if (this.#name.length > MAX_FUNCTION_NAME_LENGTH) {
          this.#abandonName();
          return scan.end;
        }
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which !== 0 || !isPlausibleFunctionName(this.#name.trim())) {
          this.#abandonName();
          return scan.hit.at;
        }
        const name = this.#name.trim();
        this.#blockHasCall = true;
        this.#blockHeld = [];
        this.#arguments = new ParameterArguments(this.#emitter, this.#emitter.beginCall(name), name);
        this.#mode = 'invoke-body';
        return scan.hit.end;
      }
      case 'invoke-body': {
        const scan = this.#markers.region(input, from, [f.parameterBegin, f.invokeEnd, f.blockEnd, f.invokeBegin], final);
        if (scan.hit === undefined) return scan.end;
        return this.#atBodyMarker(scan.hit.which, scan.hit.end);
      }
      case 'parameter-name': {
        const scan = this.#markers.region(input, from, [f.parameterNameEnd, '\n', f.invokeEnd], final);
        this.#parameterName += input.slice(from, scan.end);
        if (this.#parameterName.length > MAX_FUNCTION_NAME_LENGTH) {
          this.#mode = 'invoke-body';
          return scan.end;
        }
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which !== 0) {
          this.#mode = 'invoke-body';
          return scan.hit.at;
        }
        this.#value = [];
        // String parameters (by the schema) stream as they arrive: code-writing tools send whole files.
        if (!f.xmlEscapedValues && this.#arguments?.isString(this.#parameterName) === true) {
          this.#streamedValue = new LayoutNewlineTrimmer();
          this.#arguments.openString(this.#parameterName);
        }
        this.#mode = 'parameter-value';
        return scan.hit.end;
      }
      case 'parameter-value': {
        const scan = this.#markers.region(input, from, [f.parameterEnd, f.parameterBegin, f.invokeEnd, f.blockEnd, f.invokeBegin], final);
        const part = input.slice(from, scan.end);
        if (this.#streamedValue === undefined) this.#value.push(part);
        else this.#arguments?.appendString(this.#streamedValue.push(part));
        if (scan.hit === undefined) return scan.end;
        this.#endParameter();
        this.#mode = 'invoke-body';
        return scan.hit.which === 0 ? scan.hit.end : scan.hit.at;
      }
    }
  }

  #startName(mode: 'block' | 'invoke-name'): void {
    this.#name = '';
    this.#mode = mode;
  }

  /** What looked like an invoke has no usable name: inside a block it is dropped, bare it is text. */
  #abandonName(): void {
    if (this.#inBlock) this.#mode = 'block';
    else {
      this.#emitter.text(this.#format.invokeBegin + this.#name);
      this.#mode = 'text';
    }
    this.#name = '';
  }

  #atBodyMarker(which: number, end: number): number {
    if (which === 0) {
      this.#parameterName = '';
      this.#mode = 'parameter-name';
      return end;
    }
    this.#endInvoke();
    if (which === 1) {
      this.#mode = this.#inBlock ? 'block' : 'text';
      return end;
    }
    if (which === 2) {
      this.#leaveBlock();
      return end;
    }
    this.#startName('invoke-name');
    return end;
  }

  #endParameter(): void {
    const streamed = this.#streamedValue;
    if (streamed !== undefined) {
      this.#streamedValue = undefined;
      this.#arguments?.appendString(streamed.end());
      this.#arguments?.closeString();
      return;
    }
    let value = this.#value.join('');
    this.#value = [];
    if (this.#format.xmlEscapedValues) value = decodeXmlEntities(value);
    this.#arguments?.add(this.#parameterName, value);
  }

  #endInvoke(): void {
    this.#arguments?.end();
    this.#arguments = undefined;
  }

  #leaveBlock(): void {
    this.#inBlock = false;
    this.#blockEnded = true;
    this.#mode = 'text';
  }

  /** A block closed (or the output ended in it): without a call its text goes back as written. */
  #settleBlock(): void {
    if (!this.#blockHasCall) this.#emitter.text(this.#blockHeld.join(''));
    this.#blockHeld = [];
    this.#blockEnded = false;
    this.#blockHasCall = false;
  }
}
