import { DefaultAgentCardResolver } from '@a2a-js/sdk/client';
import { AgentCard } from '@a2a-js/sdk';
import type { Logger } from 'pino';
import type { StateDirectory } from '../../core/state/state-directory.js';
import { readSavedList } from '../../core/state/read-saved-list.js';
import { SsrfError, type SsrfPolicy } from '../upstream/ssrf/ssrf-policy.js';
import type { SsrfFetch } from '../tool-loop/mcp/ssrf-fetch.js';
import type { AgentRegistration } from './a2a-agent-registration.generated.js';

/** Shared by name with other replicas when a plugin replicates the state directory. */
export const A2A_STATE_FILE = 'a2a-agents.json';
const FILE = A2A_STATE_FILE;

/** One agent as saved: its registration (checked on restore) and the last card fetched (shown as is). */
interface SavedAgent {
  readonly registration: AgentRegistration;
  readonly card: unknown;
  readonly card_fetched_at: unknown;
}
/** Where agents publish their card: the current name first, then the older one. */
const CARD_PATHS = ['.well-known/agent-card.json', '.well-known/agent.json'];
const CARD_TIMEOUT_MS = 10_000;

export interface RegisteredAgent {
  readonly registration: AgentRegistration;
  /** The card as JSON, cached from the last successful fetch. */
  card: unknown;
  cardFetchedAt: string | undefined;
  /** Why the card could not be fetched (no secret: transport messages only). */
  lastError: string | undefined;
}

export interface A2aRegistryDeps {
  readonly ssrf: SsrfPolicy;
  readonly http: SsrfFetch;
  readonly logger: Logger;
  readonly state: StateDirectory | undefined;
  readonly isRegistration: (value: unknown) => value is AgentRegistration;
}

/**
 * A2A agents registered at runtime (seed 003): SSRF-checked, their cards fetched with the A2A
 * SDK's resolver (through the SSRF-checked fetch) and cached, persisted in the state directory.
 * An agent whose card cannot be fetched is kept, without a card, and fetched again on demand.
 */
export class A2aAgentRegistry {
  readonly #agents = new Map<string, RegisteredAgent>();

  constructor(private readonly deps: A2aRegistryDeps) {}

  get agents(): readonly RegisteredAgent[] {
    return [...this.#agents.values()];
  }

  get(agentId: string): RegisteredAgent | undefined {
    return this.#agents.get(agentId);
  }

  /** Throws SsrfError for a URL the policy refuses. */
  async register(registration: AgentRegistration): Promise<RegisteredAgent> {
    await this.deps.ssrf.checkUrl(registration.url);
    const agent: RegisteredAgent = { registration, card: undefined, cardFetchedAt: undefined, lastError: undefined };
    await this.refreshCard(agent);
    this.#agents.set(registration.agent_id, agent);
    await this.#save();
    this.deps.logger.info({ a2a_agent: registration.agent_id, url: registration.url, card: agent.card !== undefined }, 'A2A agent registered');
    return agent;
  }

  async remove(agentId: string): Promise<RegisteredAgent | undefined> {
    const agent = this.#agents.get(agentId);
    if (agent === undefined) return undefined;
    this.#agents.delete(agentId);
    await this.#save();
    return agent;
  }

  /** Fetches the card (either well-known path), keeping the cached one when the agent is away. */
  async refreshCard(agent: RegisteredAgent): Promise<void> {
    const fetchImpl: typeof fetch = (input, init) => this.deps.http.fetch(input instanceof Request ? input.url : input, { ...init, signal: AbortSignal.timeout(CARD_TIMEOUT_MS) });
    const resolver = new DefaultAgentCardResolver({ fetchImpl, legacyCompat: { enabled: true } });
    const errors: string[] = [];
    for (const path of CARD_PATHS) {
      try {
        const card = await resolver.resolve(agent.registration.url, path);
        agent.card = AgentCard.toJSON(card);
        agent.cardFetchedAt = new Date().toISOString();
        agent.lastError = undefined;
        return;
      } catch (err) {
        errors.push(`${path}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200));
      }
    }
    agent.lastError = `no agent card: ${errors.join('; ')}`;
  }

  async restore(): Promise<void> {
    const isSaved = (entry: unknown): entry is SavedAgent => entry !== null && typeof entry === 'object' && this.deps.isRegistration(Reflect.get(entry, 'registration'));
    const saved = await readSavedList(this.deps.state, FILE, isSaved, this.deps.logger, { one: 'A2A agent', many: 'A2A agents' });
    for (const { registration, card, card_fetched_at: fetchedAt } of saved) {
      try {
        await this.deps.ssrf.checkUrl(registration.url);
      } catch (err) {
        if (!(err instanceof SsrfError)) throw err;
        this.deps.logger.warn({ a2a_agent: registration.agent_id, reason: err.message }, 'saved A2A agent refused by the SSRF policy; not restored');
        continue;
      }
      this.#agents.set(registration.agent_id, { registration, card: card ?? undefined, cardFetchedAt: typeof fetchedAt === 'string' ? fetchedAt : undefined, lastError: undefined });
    }
  }

  /**
   * The agents as another replica saved them: new or changed registrations are added with the
   * card saved there (checked like a restore: schema, then this replica's SSRF policy), agents no
   * longer listed go. Nothing is written back.
   */
  async applySaved(saved: unknown): Promise<void> {
    const entries = Array.isArray(saved) ? saved.filter((entry: unknown): entry is SavedAgent => entry !== null && typeof entry === 'object' && this.deps.isRegistration(Reflect.get(entry, 'registration'))) : [];
    const listed = new Set(entries.map((e) => e.registration.agent_id));
    for (const id of [...this.#agents.keys()]) if (!listed.has(id)) this.#agents.delete(id);
    for (const { registration, card, card_fetched_at: fetchedAt } of entries) {
      const current = this.#agents.get(registration.agent_id);
      if (current !== undefined && JSON.stringify(current.registration) === JSON.stringify(registration) && JSON.stringify(current.card ?? null) === JSON.stringify(card)) continue;
      try {
        await this.deps.ssrf.checkUrl(registration.url);
      } catch (err) {
        if (!(err instanceof SsrfError)) throw err;
        this.deps.logger.warn({ a2a_agent: registration.agent_id, reason: err.message }, 'shared A2A agent refused by the SSRF policy; not added');
        continue;
      }
      this.#agents.set(registration.agent_id, { registration, card: card ?? undefined, cardFetchedAt: typeof fetchedAt === 'string' ? fetchedAt : undefined, lastError: undefined });
    }
  }

  async #save(): Promise<void> {
    await this.deps.state?.writeJson(FILE, this.agents.map((a) => ({ registration: a.registration, card: a.card ?? null, card_fetched_at: a.cardFetchedAt ?? null })));
  }
}
