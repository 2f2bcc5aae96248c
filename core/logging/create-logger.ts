import { pino, type Logger, type LevelWithSilent } from 'pino';

/** Paths pino censors wherever they appear one level down (headers, worker specs …). */
const REDACTED_PATHS = ['*.authorization', '*["x-api-key"]', '*.api_key', '*.apiKey', '*.password', '*.token'];

/**
 * The gateway's logger: JSON lines on stdout, secrets censored by key name — or, when stdout is a
 * terminal (a person running `npm start`), the same lines made readable by pino-pretty.
 */
export function createLogger(level: LevelWithSilent, pretty: boolean = process.stdout.isTTY === true && level !== 'silent'): Logger {
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  if (!pretty) return pino({ level, redact });
  return pino({ level, redact, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
}
