// Generated from schemas/config.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../util/deep-readonly.js';

interface KernelConfigDocument {
  server: {
    host: string;
    port: number;
    /**
     * Largest request body the data plane reads; larger ones get 413 before the rest is read.
     */
    body_limit_bytes: number;
    /**
     * On SIGTERM, how long in-flight requests (streams included) may take before connections are cut.
     */
    drain_timeout_ms: number;
    /**
     * Where what the control plane registers is kept across restarts.
     */
    state_dir: string;
    /**
     * Slow clients: how long a client may take to send the request line and headers; past it the connection is closed with 408.
     */
    headers_timeout_ms: number;
    /**
     * Slow clients: how long a client may take to send the whole request (headers and body); past it the connection is closed with 408. Uploads at real speeds finish well within it.
     */
    request_timeout_ms: number;
    /**
     * Open client connections the gateway accepts at once; further ones are refused at connect.
     */
    max_connections: number;
    /**
     * Data-plane requests the gateway works on at once; past it new requests get 503 with Retry-After before their body is read.
     */
    max_in_flight: number;
    /**
     * Deepest nesting of objects and arrays a JSON request body may have (400 past it).
     */
    json_max_depth: number;
    /**
     * Objects and arrays a JSON request body may hold in all (400 past it): parsing costs memory per object, not per byte.
     */
    json_max_containers: number;
  };
  log: {
    level: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  };
  /**
   * CORS for browser apps calling the data plane (/v1/...): off until allowed_origins lists an origin. Preflights are answered before auth.
   */
  cors: {
    /**
     * Exact origins (scheme://host[:port]) allowed to call /v1/...; "*" allows any.
     */
    allowed_origins: string[];
    /**
     * Request headers a browser may send, beyond the CORS-safelisted ones.
     */
    allowed_headers: string[];
    /**
     * How long a browser may cache a preflight answer.
     */
    max_age_seconds: number;
  };
  /**
   * Default ordered stage list for every data-plane route.
   */
  pipeline: string[];
  /**
   * Default configuration per stage name; each is validated by schemas/stages/<name>.schema.json.
   */
  stages: {
    [k: string]:
      | {
          [k: string]: unknown;
        }
      | undefined;
  };
  /**
   * Per-route overrides keyed by route path (e.g. /v1/chat/completions).
   */
  routes: {
    [k: string]:
      | {
          pipeline?: string[];
          disable?: string[];
          stages?: {
            [k: string]:
              | {
                  [k: string]: unknown;
                }
              | undefined;
          };
          /**
           * This route's own body limits, over the server's.
           */
          body?: {
            max_bytes?: number;
            json_max_depth?: number;
            json_max_containers?: number;
          };
        }
      | undefined;
  };
  /**
   * Who may call what. The data plane needs a key or JWT unless `anonymous: true`; the control plane needs an admin credential.
   */
  auth: {
    /**
     * Data-plane keys (role user unless given). --api-key adds to these.
     */
    api_keys: {
      id: string;
      name?: string;
      /**
       * The secret itself (use ${ENV}); only its SHA-256 is kept in memory.
       */
      key?: string;
      /**
       * Hex SHA-256 of the secret, so the file never holds it.
       */
      key_sha256?: string;
      role?: "admin" | "user" | "read-only";
      /**
       * Models this key may use (default: all).
       */
      models?: string[];
      /**
       * Route paths this key may call (default: all in its group).
       */
      endpoints?: string[];
      expires_at?: string;
      enabled: boolean;
      metadata?: {
        [k: string]: string | number | boolean | undefined;
      };
    }[];
    /**
     * Control-plane keys (role admin unless given). --control-plane-api-keys id:name:role:key adds to these.
     */
    control_plane_api_keys: {
      id: string;
      name?: string;
      /**
       * The secret itself (use ${ENV}); only its SHA-256 is kept in memory.
       */
      key?: string;
      /**
       * Hex SHA-256 of the secret, so the file never holds it.
       */
      key_sha256?: string;
      role?: "admin" | "user" | "read-only";
      /**
       * Models this key may use (default: all).
       */
      models?: string[];
      /**
       * Route paths this key may call (default: all in its group).
       */
      endpoints?: string[];
      expires_at?: string;
      enabled: boolean;
      metadata?: {
        [k: string]: string | number | boolean | undefined;
      };
    }[];
    jwt?: {
      issuer: string;
      audience: string;
      /**
       * Where signing keys come from (never from the token).
       */
      jwks_uri?: string;
      jwks_file?: string;
      /**
       * Shared secret for HS256 tokens (use ${ENV}); at least 32 bytes.
       */
      hs256_secret?: string;
      /**
       * @minItems 1
       */
      algorithms?: [
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA" | "HS256",
        ...(
          "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA" | "HS256"
        )[]
      ];
      /**
       * Claim holding the role (a string or an array of strings); dots walk into objects.
       */
      role_claim: string;
      /**
       * Identity-provider role name → gateway role.
       */
      role_mapping: {
        [k: string]: "admin" | "user" | "read-only" | undefined;
      };
      clock_tolerance_s: number;
      /**
       * Least time between two JWKS refreshes (a token with an unknown kid triggers one).
       */
      jwks_cooldown_ms: number;
    };
    /**
     * Open data plane: requests without credentials are served as `anonymous`. Explicit only (the embedded demo config sets it); it never follows from having no keys, so revoking the last key does not open the gateway.
     */
    anonymous: boolean;
  };
  /**
   * How the running gateway follows its configuration: watching the file, syncing from a URL. Every trigger validates the whole new config first; a broken one changes nothing.
   */
  config: {
    /**
     * Reload when the config file changes (debounced; a half-written file is refused and the running config stays).
     */
    watch: boolean;
    watch_debounce_ms: number;
    /**
     * A config document polled over HTTP(S) (a presigned or public S3/GCS URL works); laid over the file, under /admin/config/update's overlay.
     */
    sync?: {
      url: string;
      sync_interval_seconds: number;
      timeout_ms: number;
      /**
       * Sent with each poll (e.g. an authorization header from ${ENV}); never logged.
       */
      headers: {
        [k: string]: string | undefined;
      };
    };
  };
}

/** schemas/config.schema.json after validation (defaults filled), frozen. */
export type KernelConfig = DeepReadonly<KernelConfigDocument>;
