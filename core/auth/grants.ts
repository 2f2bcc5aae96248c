/**
 * A per-key setting some stage reads (a rate limit, a budget, later a tool allow-list). The kernel
 * stores it on the key, validates it with the owning plugin's schema when a key is configured,
 * created or patched, and asks the owner whether a caller may grant it; it never interprets it.
 */
export interface GrantDefinition<T = unknown> {
  /** The key field holding it (in config, in /keys bodies, in the stored record): `limits`, `budget`. */
  readonly field: string;
  /** `$id` of the schema a value must satisfy (schemas/grants/). */
  readonly schemaId: string;
  /** Narrows a stored value (validated when it was written) for the stage that reads it. */
  read(value: unknown): T | undefined;
  /**
   * "No one grants more than they hold": why `wanted` (on a key the caller creates or patches)
   * exceeds what the caller's own key holds, or undefined when it does not. `null` clears the
   * field (no restriction); on create, an absent field means no restriction as well.
   */
  exceeds?(held: T | undefined, wanted: T | null | undefined, isCreate: boolean): string | undefined;
}

/**
 * Grants with their value type erased, as the kernel holds them: it only ever hands `exceeds`
 * what the same definition's `read` produced.
 */
export interface AnyGrantDefinition {
  readonly field: string;
  readonly schemaId: string;
  read(value: unknown): unknown;
  exceeds?(held: unknown, wanted: unknown, isCreate: boolean): string | undefined;
}

/** A key's grants by field name, as stored (values were validated when written). */
export type Grants = Readonly<Record<string, unknown>>;

/** Reads one grant from a principal's or record's grants. */
export function grantOf<T>(grants: Grants, definition: GrantDefinition<T>): T | undefined {
  return Object.hasOwn(grants, definition.field) ? definition.read(grants[definition.field]) : undefined;
}
