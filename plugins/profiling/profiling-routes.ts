import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../../core/errors/gateway-error.js';
import type { PluginRequest, PluginResponse, PluginRoute } from '../../core/plugin-contract.js';
import type { DebugConfig } from './debug-config.generated.js';
import { startCpuProfile, takeHeapSnapshot, type RunningCpuProfile } from './inspector-profiler.js';

/**
 * What the process is doing for a profiler. Process-wide, like the inspector: one profile or
 * snapshot at a time, whichever gateway in the process asked.
 */
type ProfilerState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy'; readonly what: string }
  /** Started by /start_profile; stopped by /stop_profile, or by the time bound (result kept). */
  | { readonly kind: 'started'; readonly profile: RunningCpuProfile; readonly timer: NodeJS.Timeout; readonly owner: object };

let state: ProfilerState = { kind: 'idle' };

function refuseWhenBusy(): void {
  if (state.kind === 'idle') return;
  const what = state.kind === 'busy' ? state.what : 'a profile started with POST /start_profile';
  throw new GatewayError('GW_ERR_PROFILING_BUSY', `The profiler is busy with ${what}; one profile at a time. Try again when it is done (POST /stop_profile ends a started one).`);
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function cpuProfileDownload(profile: string, startedAt: Date): PluginResponse {
  return {
    headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="switchyard-${stamp(startedAt)}.cpuprofile"`, 'cache-control': 'no-store' },
    body: profile,
  };
}

/**
 * Seed 002's pprof-style endpoints and SMG's start/stop pair, on the control plane. Always
 * registered, so the route table does not depend on config; off (`debug.profiling_enabled`) they
 * answer 404 saying how to switch them on.
 */
export function profilingRoutes(config: () => DebugConfig, owner: object): PluginRoute[] {
  const enabled = (request: PluginRequest): DebugConfig => {
    // A profile or snapshot shows what the process holds (request bodies, keys): admins only, even
    // for GET, which the control plane otherwise lets read-only credentials make.
    if (request.principal?.role !== 'admin') throw new GatewayError('GW_ERR_AUTH_FORBIDDEN', 'Profiling needs an admin credential; read-only control-plane credentials may not take profiles.');
    const current = config();
    if (!current.profiling_enabled) {
      throw new GatewayError('GW_ERR_PROFILING_DISABLED', 'Profiling is off. Set `debug.profiling_enabled: true` in the config (it is off by default: a heap snapshot holds request bodies and keys).');
    }
    return current;
  };

  const secondsOf = (request: PluginRequest, current: DebugConfig): number => {
    const raw = request.query.get('seconds');
    if (raw === null) return Math.min(current.default_profile_seconds, current.max_profile_seconds);
    const seconds = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(seconds >= 1 && seconds <= current.max_profile_seconds)) {
      throw new GatewayError('GW_ERR_PROFILING_INVALID_SECONDS', `\`seconds\` must be a whole number from 1 to ${current.max_profile_seconds} (debug.max_profile_seconds).`);
    }
    return seconds;
  };

  const timedProfile = async (request: PluginRequest): Promise<PluginResponse> => {
    const current = enabled(request);
    const seconds = secondsOf(request, current);
    refuseWhenBusy();
    state = { kind: 'busy', what: 'a CPU profile' };
    try {
      const profile = await startCpuProfile();
      // A client that leaves stops the profile early; the profile is then dropped with the response.
      await sleep(seconds * 1000, undefined, { signal: request.signal }).catch(() => undefined);
      return cpuProfileDownload(await profile.stop(), profile.startedAt);
    } finally {
      state = { kind: 'idle' };
    }
  };

  return [
    { method: 'GET', path: '/debug/pprof/profile', group: 'control', handle: timedProfile },
    { method: 'POST', path: '/debug/pprof/profile', group: 'control', handle: timedProfile },
    {
      method: 'GET',
      path: '/debug/pprof/heap',
      group: 'control',
      async handle(request) {
        enabled(request);
        refuseWhenBusy();
        state = { kind: 'busy', what: 'a heap snapshot' };
        const startedAt = new Date();
        try {
          const chunks = await takeHeapSnapshot();
          return {
            headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="switchyard-${stamp(startedAt)}.heapsnapshot"`, 'cache-control': 'no-store' },
            body: Readable.from(chunks),
          };
        } finally {
          state = { kind: 'idle' };
        }
      },
    },
    {
      method: 'POST',
      path: '/start_profile',
      group: 'control',
      async handle(request) {
        const current = enabled(request);
        refuseWhenBusy();
        state = { kind: 'busy', what: 'starting a CPU profile' };
        let profile: RunningCpuProfile;
        try {
          profile = await startCpuProfile();
        } catch (err) {
          state = { kind: 'idle' };
          throw err;
        }
        // Never left running for good: stopped at the bound, its result kept for /stop_profile.
        const timer = setTimeout(() => void profile.stop().catch(() => undefined), current.max_profile_seconds * 1000);
        timer.unref();
        state = { kind: 'started', profile, timer, owner };
        return { body: { status: 'started', started_at: profile.startedAt.toISOString(), max_seconds: current.max_profile_seconds } };
      },
    },
    {
      method: 'POST',
      path: '/stop_profile',
      group: 'control',
      async handle(request) {
        enabled(request);
        if (state.kind !== 'started') {
          throw new GatewayError('GW_ERR_PROFILING_NOT_RUNNING', 'No profile is running: start one with POST /start_profile (or take a timed one with GET /debug/pprof/profile?seconds=N).');
        }
        const { profile, timer } = state;
        clearTimeout(timer);
        try {
          return cpuProfileDownload(await profile.stop(), profile.startedAt);
        } finally {
          state = { kind: 'idle' };
        }
      },
    },
  ];
}

/** Stops a profile this app's /start_profile left running (the gateway is closing). */
export async function stopStartedProfile(owner: object): Promise<void> {
  if (state.kind !== 'started' || state.owner !== owner) return;
  const { profile, timer } = state;
  clearTimeout(timer);
  state = { kind: 'idle' };
  await profile.stop().catch(() => undefined);
}
