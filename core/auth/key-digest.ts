import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys are random, high-entropy secrets, so an unsalted SHA-256 is the right digest (a slow
 * password hash would only cost CPU on every request). Only digests are stored or compared.
 */
export function digestKey(secret: string): Buffer {
  // The one-shot form: half the CPU of createHash().update().digest(), and it runs on every request.
  return hash('sha256', secret, 'buffer');
}

/** Constant-time on fixed-length (32-byte) digests, whatever the presented key's length. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A new key: `sy-` and 32 random bytes, base64url. Shown to its creator once. */
export function generateKeySecret(): string {
  return `sy-${randomBytes(32).toString('base64url')}`;
}
