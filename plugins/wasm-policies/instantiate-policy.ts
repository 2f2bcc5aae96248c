import { instantiateComponent } from './component-instance.js';
import { instantiateExtism } from './extism-instance.js';
import type { PolicyCode } from './policy-code.js';
import { MAX_OUTPUT_BYTES, type PolicyInstance } from './policy-instance.js';

/** A fresh instance of a policy by its transport (used on the main thread and in workers alike). */
export function instantiatePolicy(code: PolicyCode, maxOutputBytes = MAX_OUTPUT_BYTES): Promise<PolicyInstance> {
  return code.transport === 'extism' ? instantiateExtism(code, maxOutputBytes) : instantiateComponent(code, maxOutputBytes);
}
