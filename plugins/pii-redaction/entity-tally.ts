import { ENTITY_ACTIONS, type EntityAction } from './entity-types.js';

/** What was found and done, by entity type: counts only, never values (safe to log and count). */
export interface EntityCounts {
  /** e.g. `{ EMAIL: 2 }` */
  readonly entities: Readonly<Record<string, number>>;
  /** e.g. `{ EMAIL: { mask: 2 } }` */
  readonly actions: Readonly<Record<string, Readonly<Partial<Record<EntityAction, number>>>>>;
  /** Entity types whose action is `block` that were found; non-empty means the caller refuses (403). */
  readonly blocked: readonly string[];
}

export class EntityTally {
  readonly #counts = new Map<string, Map<EntityAction, number>>();

  add(entityType: string, action: EntityAction): void {
    let byAction = this.#counts.get(entityType);
    if (byAction === undefined) {
      byAction = new Map();
      this.#counts.set(entityType, byAction);
    }
    byAction.set(action, (byAction.get(action) ?? 0) + 1);
  }

  /** Adds another tally's counts (a request's many texts make one report). */
  addCounts(counts: EntityCounts): void {
    for (const [entityType, perAction] of Object.entries(counts.actions)) {
      for (const action of ENTITY_ACTIONS) {
        const count = perAction[action];
        if (count === undefined || count === 0) continue;
        let byAction = this.#counts.get(entityType);
        if (byAction === undefined) {
          byAction = new Map();
          this.#counts.set(entityType, byAction);
        }
        byAction.set(action, (byAction.get(action) ?? 0) + count);
      }
    }
  }

  get blocked(): boolean {
    for (const byAction of this.#counts.values()) if (byAction.has('block')) return true;
    return false;
  }

  snapshot(): EntityCounts {
    const entities: Record<string, number> = {};
    const actions: Record<string, Partial<Record<EntityAction, number>>> = {};
    const blocked: string[] = [];
    for (const [entityType, byAction] of [...this.#counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      let total = 0;
      const perAction: Partial<Record<EntityAction, number>> = {};
      for (const [action, count] of byAction) {
        perAction[action] = count;
        total += count;
      }
      entities[entityType] = total;
      actions[entityType] = perAction;
      if (byAction.has('block')) blocked.push(entityType);
    }
    return { entities, actions, blocked };
  }
}
