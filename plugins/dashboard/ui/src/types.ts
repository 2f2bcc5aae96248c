// The shapes of the gateway's control-plane answers the page reads (see each plugin's API docs).

export interface Session {
  readonly id: string;
  readonly role: string;
  readonly can_write: boolean;
}

export interface StageCounters {
  readonly seen: number;
  readonly rejected: number;
  readonly answered: number;
  readonly rewritten: number;
  readonly self_ms: number;
}

export interface StageView {
  readonly name: string;
  readonly kind: string;
  readonly config: Record<string, unknown>;
  readonly counters?: StageCounters;
}

export interface RouteView {
  readonly path: string;
  readonly overridden: boolean;
  readonly stages: readonly StageView[];
}

export interface PipelinesView {
  readonly config_version: string;
  readonly routes: readonly RouteView[];
}

export interface Histogram {
  readonly buckets: readonly (readonly [string, number])[];
}

export interface ModelTraffic {
  readonly requests: number;
  readonly errors: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cost?: Readonly<Record<string, number>>;
}

export interface Traffic {
  readonly at: number;
  readonly requests: number;
  readonly errors: number;
  readonly in_flight: number;
  readonly by_model: Readonly<Record<string, ModelTraffic>>;
  readonly latency: Histogram;
  readonly time_to_first_token: Histogram;
  readonly pii_detections?: readonly { readonly entity: string; readonly action: string; readonly direction: string; readonly count: number }[];
}

export interface McpServer {
  readonly server_id: string;
  readonly name: string;
  readonly url: string;
  readonly transport?: string;
  readonly status: string;
  readonly last_error?: string;
  readonly tool_count: number;
}

export interface McpTool {
  readonly server_id: string;
  readonly name: string;
  readonly description?: string;
}

export interface A2aAgent {
  readonly agent_id: string;
  readonly name: string;
  readonly url: string;
  readonly card_cached: boolean;
  readonly card_fetched_at?: string;
  readonly last_error?: string;
}

export interface Worker {
  readonly id: string;
  readonly url: string;
  readonly models?: readonly { readonly id: string }[];
  readonly priority: number;
  readonly cost: number;
  readonly source: string;
  readonly status?: { readonly healthy?: boolean; readonly draining?: boolean; readonly circuit?: string; readonly in_flight?: number; readonly max_in_flight?: number };
}

export interface WasmModule {
  readonly uuid: string;
  readonly name: string;
  readonly version: number;
  readonly transport: string;
  readonly attach_points?: readonly { readonly Middleware: string }[];
  readonly on_error?: string;
  readonly access_count?: number;
  readonly disabled?: boolean;
  readonly paused?: boolean;
  readonly file_path: string;
  readonly timeout_ms?: number;
  readonly routes?: readonly string[];
  readonly mode?: string;
}

export interface WasmList {
  readonly modules: readonly WasmModule[];
  readonly metrics?: { readonly total_executions: number; readonly failed_executions: number; readonly total_time_ms: number };
}

export interface Key {
  readonly id: string;
  readonly name?: string;
  readonly role: string;
  readonly controlPlane?: boolean;
  readonly source: string;
  readonly enabled: boolean;
  readonly created_at?: string;
  readonly expires_at?: string;
  readonly budget?: number;
  /** The key's team (the budget stage's `team` grant). */
  readonly team?: string;
}

export interface Spend {
  readonly currency: string;
  /** By subject `<kind>:<id>` (an API key: `api_key:<id>`). */
  readonly spend: Readonly<Record<string, number>>;
  /** By team: spend, and the budget from `limits.teams` (null: none). */
  readonly teams?: Readonly<Record<string, { readonly spend: number; readonly budget: number | null }>>;
}

export interface RouterInfo {
  readonly config_version: string;
  readonly strategies?: readonly { readonly model: string; readonly strategy: string; readonly available_workers: number; readonly workers: number }[];
}

export interface SyncStatus {
  readonly reload_count: number;
  readonly last_sync_time: string | null;
  readonly hot_reload_enabled: boolean;
  readonly source: string;
}

export interface Replica {
  readonly id: string;
  readonly address: string;
  readonly version: string;
  readonly config_version: string;
  readonly started_at: string;
  readonly load: number;
}

export interface HaStatus {
  readonly backend: 'redis' | 'none';
  readonly self: Replica;
  readonly members: readonly Replica[];
  readonly redis: { readonly connected: boolean; readonly last_sync_at: string | null };
}
