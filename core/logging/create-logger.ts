import { pino, type Logger, type LevelWithSilent } from 'pino';

/** Paths pino censors wherever they appear one level down (headers, worker specs …). */
const REDACTED_PATHS = ['*.authorization', '*["x-api-key"]', '*.api_key', '*.apiKey', '*.password', '*.token'];

/** The gateway's logger: JSON lines on stdout, secrets censored by key name. */
export function createLogger(level: LevelWithSilent): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
