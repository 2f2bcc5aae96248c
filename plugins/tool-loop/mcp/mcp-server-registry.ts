import type { Logger } from 'pino';
import type { StateDirectory } from '../../../core/state/state-directory.js';
import { readSavedList } from '../../../core/state/read-saved-list.js';
import { SsrfError, type SsrfPolicy } from '../../upstream/ssrf/ssrf-policy.js';
import { McpConnection } from './mcp-connection.js';
import type { McpServerRegistration } from './mcp-server-registration.generated.js';
import type { SsrfFetch } from './ssrf-fetch.js';

/** Shared by name with other replicas when a plugin replicates the state directory. */
export const MCP_STATE_FILE = 'mcp-servers.json';
const FILE = MCP_STATE_FILE;

export interface McpRegistryDeps {
  readonly ssrf: SsrfPolicy;
  readonly http: SsrfFetch;
  readonly logger: Logger;
  /** Where registrations persist (0600, secrets included: the gateway needs them); none in tests without one. */
  readonly state: StateDirectory | undefined;
  /** The registration schema's guard: a saved entry is checked as carefully as a new one. */
  readonly isRegistration: (value: unknown) => value is McpServerRegistration;
  /** 0 turns the periodic health check off. */
  readonly healthIntervalMs: number;
}

/**
 * The MCP servers registered at runtime: one client session each, persisted in the state
 * directory, health-checked on a timer (a server that fails is marked down and retried, never
 * removed). Only remote transports exist here: nothing from the API ever starts a process.
 */
export class McpServerRegistry {
  readonly #servers = new Map<string, McpConnection>();
  readonly #changeListeners = new Set<(serverId: string) => void>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: McpRegistryDeps) {}

  get servers(): readonly McpConnection[] {
    return [...this.#servers.values()];
  }

  get(serverId: string): McpConnection | undefined {
    return this.#servers.get(serverId);
  }

  /**
   * Called with a server's id when what it offers may have changed: registered, replaced or
   * removed, connected or marked down, or its tool list changed (the gateway's own MCP server
   * tells its sessions).
   */
  onChange(listener: (serverId: string) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  #changed(serverId: string): void {
    for (const listener of this.#changeListeners) listener(serverId);
  }

  /** Puts a connection under its id, its changes reported as the registry's own. */
  #adopt(connection: McpConnection): McpConnection | undefined {
    const id = connection.registration.server_id;
    const previous = this.#servers.get(id);
    connection.onChange(() => {
      if (this.#servers.get(id) === connection) this.#changed(id);
    });
    this.#servers.set(id, connection);
    this.#changed(id);
    return previous;
  }

  /**
   * Checks the URL against the SSRF policy (throws SsrfError), then connects and replaces any
   * server with the same id. A server that cannot be reached yet is kept, marked down.
   */
  async register(registration: McpServerRegistration): Promise<McpConnection> {
    await this.deps.ssrf.checkUrl(registration.url);
    const connection = new McpConnection(registration, this.deps.http, this.deps.logger);
    await connection.connect();
    const previous = this.#adopt(connection);
    await previous?.close();
    await this.#save();
    this.deps.logger.info({ mcp_server: registration.server_id, url: registration.url, status: connection.status }, 'MCP server registered');
    return connection;
  }

  /**
   * A server from the config file (stdio): not SSRF-checked (no URL), never persisted (the config
   * is its source), and kept out of the API's reach (register and remove refuse its id).
   */
  addConfigured(connection: McpConnection): void {
    void this.#adopt(connection)?.close();
    void connection.connect();
  }

  async remove(serverId: string): Promise<McpConnection | undefined> {
    const connection = this.#servers.get(serverId);
    if (connection === undefined) return undefined;
    this.#servers.delete(serverId);
    this.#changed(serverId);
    await connection.close();
    await this.#save();
    this.deps.logger.info({ mcp_server: serverId }, 'MCP server removed');
    return connection;
  }

  /** Re-registers saved servers (each re-checked: schema, then the current SSRF policy). */
  async restore(): Promise<void> {
    const saved = await readSavedList(this.deps.state, FILE, this.deps.isRegistration, this.deps.logger, { one: 'MCP server', many: 'MCP servers' });
    for (const entry of saved) {
      try {
        await this.deps.ssrf.checkUrl(entry.url);
      } catch (err) {
        if (!(err instanceof SsrfError)) throw err;
        this.deps.logger.warn({ mcp_server: entry.server_id, reason: err.message }, 'saved MCP server refused by the SSRF policy; not restored');
        continue;
      }
      const connection = new McpConnection(entry, this.deps.http, this.deps.logger);
      this.#adopt(connection);
      // Not awaited one by one: a slow server must not hold the gateway's start.
      void connection.connect();
    }
  }

  /**
   * The registrations as another replica saved them: new or changed servers are connected here
   * (checked like a restore: schema, then this replica's SSRF policy), ones no longer listed are
   * closed. An unchanged server keeps its connection. Nothing is written back.
   */
  async applySaved(saved: unknown): Promise<void> {
    const entries = Array.isArray(saved) ? saved.filter((entry: unknown): entry is McpServerRegistration => this.deps.isRegistration(entry)) : [];
    const listed = new Set(entries.map((e) => e.server_id));
    for (const [id, connection] of [...this.#servers]) {
      if (listed.has(id)) continue;
      this.#servers.delete(id);
      this.#changed(id);
      await connection.close();
      this.deps.logger.info({ mcp_server: id }, 'MCP server removed on another replica');
    }
    for (const entry of entries) {
      const current = this.#servers.get(entry.server_id);
      if (current !== undefined && JSON.stringify(current.registration) === JSON.stringify(entry)) continue;
      try {
        await this.deps.ssrf.checkUrl(entry.url);
      } catch (err) {
        if (!(err instanceof SsrfError)) throw err;
        this.deps.logger.warn({ mcp_server: entry.server_id, reason: err.message }, 'shared MCP server refused by the SSRF policy; not added');
        continue;
      }
      const connection = new McpConnection(entry, this.deps.http, this.deps.logger);
      this.#adopt(connection);
      await current?.close();
      void connection.connect();
    }
  }

  startHealthChecks(): void {
    if (this.deps.healthIntervalMs <= 0) return;
    this.#timer = setInterval(() => {
      for (const connection of this.#servers.values()) void connection.check();
    }, this.deps.healthIntervalMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.allSettled([...this.#servers.values()].map((c) => c.close()));
    await this.deps.http.close();
  }

  async #save(): Promise<void> {
    await this.deps.state?.writeJson(FILE, [...this.#servers.values()].filter((c) => c.local === undefined).map((c) => c.registration));
  }
}
