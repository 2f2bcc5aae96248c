import type { ConfigError } from '../core/config/load-config.js';
import type { FlagPath } from './launch-config.js';

/**
 * A config error from `launch`, each issue blamed on what caused it: the flag that set that path
 * (`--port: must be <= 65535`), or the file. The embedded default is never blamed for a flag.
 */
export function explainLaunchConfigError(err: ConfigError, flagPaths: readonly FlagPath[]): string {
  const fromFlags: string[] = [];
  const fromFile: string[] = [];
  for (const issue of err.issues) {
    const path = issue.path || '/';
    const owner = [...flagPaths].reverse().find((f) => path === f.pointer || path.startsWith(`${f.pointer}/`));
    if (owner === undefined) fromFile.push(`  ${path}: ${issue.message}`);
    else fromFlags.push(`  ${owner.flag}${path === owner.pointer ? '' : ` (${path})`}: ${issue.message}`);
  }
  const parts: string[] = [];
  if (fromFlags.length > 0) parts.push(`switchyard: the command line is invalid:\n${fromFlags.join('\n')}\n(switchyard launch --help lists the flags)`);
  if (fromFile.length > 0) parts.push(`${err.source} is invalid:\n${fromFile.join('\n')}`);
  return parts.join('\n');
}
