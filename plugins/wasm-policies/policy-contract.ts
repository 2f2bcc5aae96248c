import type { IngressCheck } from '../../core/schema/schema-validators.js';
import type { PolicyPhase } from './policy-code.js';

/** What a policy is given, as JSON (the same for both transports). */
export interface PolicyInput {
  readonly phase: PolicyPhase;
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly status?: number;
  readonly request_id: string;
  readonly now_ms: number;
  readonly config: Readonly<Record<string, unknown>>;
}

export type PolicyAction =
  | { readonly action: 'continue' }
  | {
      readonly action: 'modify';
      readonly headers_set?: Readonly<Record<string, string>>;
      readonly headers_remove?: readonly string[];
      readonly body?: Record<string, unknown>;
      readonly status?: number;
    }
  | { readonly action: 'reject'; readonly status: number; readonly reason: string };

export const POLICY_ACTION_SCHEMA_ID = 'https://switchyard.dev/schemas/wasm/policy-action.schema.json';

export class PolicyOutputInvalid extends Error {
  override name = 'PolicyOutputInvalid';
}

/** Parses and validates a policy's output; anything else is a policy failure. */
export function parsePolicyOutput(output: string, check: IngressCheck): PolicyAction {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    throw new PolicyOutputInvalid('output is not JSON');
  }
  const issue = check(value);
  if (issue !== undefined) throw new PolicyOutputInvalid(`output ${issue.path || '/'} ${issue.message}`);
  return value as PolicyAction;
}
