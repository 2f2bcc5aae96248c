// The WebAssembly JS API as Node provides it. TypeScript declares it only in lib.dom, which a
// Node project does not load; this is the part the gateway uses.
declare namespace WebAssembly {
  interface ModuleImportDescriptor {
    readonly module: string;
    readonly name: string;
    readonly kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  }
  interface ModuleExportDescriptor {
    readonly name: string;
    readonly kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  }
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
    static imports(module: Module): ModuleImportDescriptor[];
    static exports(module: Module): ModuleExportDescriptor[];
    static customSections(module: Module, name: string): ArrayBuffer[];
  }
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
