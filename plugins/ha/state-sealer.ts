import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

/**
 * How registry files are stored in Redis. Without a key, as the state file holds them (key
 * digests, never clear API keys; but a worker's upstream `api_key` or an MCP server's auth value
 * is in the file too). With `ha.seal_key`, every value is AES-256-GCM sealed with a key derived
 * from it, so Redis (its dumps, its replicas, its operators) never holds a secret in clear text.
 */
export interface StateSealer {
  seal(text: string): string;
  /** The clear text, or undefined when the value is not sealed with this key (or not sealed at all while one is set). */
  unseal(stored: string): string | undefined;
}

export const UNSEALED: StateSealer = {
  seal: (text) => text,
  unseal: (stored) => (stored.startsWith(PREFIX) ? undefined : stored),
};

export function aesGcmSealer(secret: string): StateSealer {
  const key = createHash('sha256').update(`switchyard-ha-state:${secret}`).digest();
  return {
    seal(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    unseal(stored) {
      if (!stored.startsWith(PREFIX)) return undefined;
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      if (raw.length < 28) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
