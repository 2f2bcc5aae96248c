import { pino, type Logger, type LevelWithSilent } from 'pino';
import { PinoPretty } from 'pino-pretty';

/** Paths pino censors wherever they appear one level down (headers, worker specs …). */
const REDACTED_PATHS = ['*.authorization', '*["x-api-key"]', '*.api_key', '*.apiKey', '*.password', '*.token'];

/**
 * The gateway's logger: secrets censored by key name; JSON lines on stdout, or readable lines when
 * stdout is a terminal (a person reads it; log shippers get JSON). Pretty printing runs in-process
 * on the same stream (no worker thread), and only for a terminal.
 */
export function createLogger(level: LevelWithSilent, pretty = process.stdout.isTTY === true, destination: NodeJS.WritableStream = process.stdout): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (!pretty) return destination === process.stdout ? pino(options) : pino(options, destination);
  return pino(options, PinoPretty({ colorize: destination === process.stdout, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination }));
}
