import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** One replica as `/ha/status` shows it (the dashboard renders exactly these fields). */
export interface ReplicaView {
  readonly id: string;
  readonly address: string;
  readonly version: string;
  readonly config_version: string;
  readonly started_at: string;
  /** Event-loop utilisation (0–1) since the previous heartbeat: how busy the process is. */
  readonly load: number;
}

export function defaultReplicaId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** This process's own view, rebuilt on each heartbeat (config version and load change). */
export class SelfReplica {
  readonly startedAt = new Date().toISOString();
  #utilisation = performance.eventLoopUtilization();
  #load = 0;

  constructor(
    readonly id: string,
    readonly address: string,
    private readonly version: string,
    private readonly configVersion: () => string,
  ) {}

  /** Samples the load since the previous sample; call once per heartbeat. */
  sample(): ReplicaView {
    const next = performance.eventLoopUtilization();
    this.#load = Math.round(performance.eventLoopUtilization(next, this.#utilisation).utilization * 1000) / 1000;
    this.#utilisation = next;
    return this.view();
  }

  view(): ReplicaView {
    return { id: this.id, address: this.address, version: this.version, config_version: this.configVersion(), started_at: this.startedAt, load: this.#load };
  }
}

/** A member record read back from Redis: `unknown` until every field checks out. */
export function readReplicaView(value: unknown): ReplicaView | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const field = (name: string): unknown => Reflect.get(value, name);
  const id = field('id');
  const address = field('address');
  const version = field('version');
  const configVersion = field('config_version');
  const startedAt = field('started_at');
  const load = field('load');
  if (typeof id !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(id)) return undefined;
  if (typeof address !== 'string' || address.length > 256 || typeof version !== 'string' || version.length > 64) return undefined;
  if (typeof configVersion !== 'string' || configVersion.length > 128 || typeof startedAt !== 'string' || Number.isNaN(Date.parse(startedAt))) return undefined;
  if (typeof load !== 'number' || !Number.isFinite(load)) return undefined;
  return { id, address, version, config_version: configVersion, started_at: startedAt, load };
}

export function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
