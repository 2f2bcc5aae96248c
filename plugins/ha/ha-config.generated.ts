// Generated from schemas/config/ha.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

/**
 * Without a backend the gateway is one process and /ha/* answers for it. With backend redis, replicas share membership, the admin registries (workers, keys, WASM modules …) and /ha/config settings through Redis.
 */
interface HaConfigDocument {
  backend: "none" | "redis";
  redis?: {
    /**
     * redis:// or rediss:// URL; a password in it is never logged.
     */
    url: string;
    /**
     * Prefix of every key and channel; replicas that share it form one cluster.
     */
    key_prefix: string;
    /**
     * Per-command timeout: past it Redis counts as down for that call.
     */
    timeout_ms: number;
  };
  /**
   * A secret every replica shares (from the environment: ${HA_SEAL_KEY}); with it the registries are AES-256-GCM sealed in Redis, so a worker's or MCP server's credential is never there in clear text.
   */
  seal_key?: string;
  /**
   * This replica's id in /ha/status; default: host name, process id and a random suffix.
   */
  replica_id?: string;
  /**
   * How other replicas and operators reach this one (shown in /ha/status); default: the host name.
   */
  advertise_address?: string;
  /**
   * How often a replica renews its membership.
   */
  heartbeat_ms: number;
  /**
   * A replica that stops heartbeating leaves /ha/status after this long; more than heartbeat_ms.
   */
  member_ttl_ms: number;
  /**
   * Full resync of the shared registries, for any change notice a replica missed.
   */
  resync_ms: number;
}

/** schemas/config/ha.schema.json after validation (defaults filled), frozen. */
export type HaConfig = DeepReadonly<HaConfigDocument>;
