import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { JwtConfig } from '../config/gateway-config.js';
import { ROLE_RANK, type Principal, type Role } from './principal.js';

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface JwtVerifier {
  /** The principal a valid token names, or undefined for any invalid token (the reason is not shown). */
  verify(token: string): Promise<Principal | undefined>;
}

/**
 * Keys come only from config (a JWKS file or URL, or an HS256 secret), never from the token's own
 * headers (jwk/jku/x5u are ignored); `exp` is required; algorithms are an allowlist, and HS256 is
 * only ever checked against the configured secret, so a token signed with a public key as an HMAC
 * secret (HS/RS confusion) fails.
 */
export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  const secret = config.hs256_secret === undefined ? undefined : new TextEncoder().encode(config.hs256_secret);
  const jwks = jwksFrom(config);
  const algorithms = config.algorithms ? [...config.algorithms] : [...(jwks ? ASYMMETRIC : []), ...(secret ? ['HS256'] : [])];
  if (algorithms.includes('HS256') && secret === undefined) throw new Error('auth.jwt.algorithms lists HS256 but no hs256_secret is set.');
  if (algorithms.some((a) => a !== 'HS256') && jwks === undefined) throw new Error('auth.jwt.algorithms lists asymmetric algorithms but no JWKS is configured.');

  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256') {
      if (secret === undefined) throw new Error('HS256 not configured');
      return secret;
    }
    if (jwks === undefined) throw new Error('no JWKS configured');
    return jwks(header, token);
  };

  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms,
          requiredClaims: ['exp'],
          clockTolerance: config.clock_tolerance_s,
        }));
      } catch {
        return undefined;
      }
      return {
        kind: 'jwt',
        id: typeof payload.sub === 'string' ? payload.sub.slice(0, 128) : 'jwt',
        role: roleFrom(readClaim(payload, config.role_claim), config.role_mapping),
        models: undefined,
        endpoints: undefined,
        grants: {},
      };
    },
  };
}

function jwksFrom(config: JwtConfig): JWTVerifyGetKey | undefined {
  if (config.jwks_file !== undefined) {
    return createLocalJWKSet(JSON.parse(readFileSync(config.jwks_file, 'utf8')) as Parameters<typeof createLocalJWKSet>[0]);
  }
  if (config.jwks_uri !== undefined) {
    return createRemoteJWKSet(new URL(config.jwks_uri), { cooldownDuration: config.jwks_cooldown_ms, timeoutDuration: 5000 });
  }
  return undefined;
}

function readClaim(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The highest gateway role any of the token's roles maps to. With an empty mapping, gateway role
 * names are taken as they are. A token with no recognised role gets the least privilege.
 */
export function roleFrom(claim: unknown, mapping: { readonly [idpRole: string]: Role | undefined }): Role {
  const names = (Array.isArray(claim) ? claim : [claim]).filter((v): v is string => typeof v === 'string');
  const useNames = Object.keys(mapping).length === 0;
  let best: Role = 'read-only';
  for (const name of names) {
    const role = useNames ? (Object.hasOwn(ROLE_RANK, name) ? (name as Role) : undefined) : Object.hasOwn(mapping, name) ? mapping[name] : undefined;
    if (role !== undefined && ROLE_RANK[role] > ROLE_RANK[best]) best = role;
  }
  return best;
}
