/**
 * API bearer tokens for auth-mode `client`: `argosy.<id>.<secret>`. Only the SHA-256 of the secret
 * is stored (as a cluster-scoped ArgosyAccessToken resource), so the database never holds a usable
 * token. A token grants one role in one namespace, or in every namespace (`*`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors/index.js';
import { isDns1123Subdomain } from '../spec/index.js';
import type { Resource, Store } from '../store/index.js';
import { ACCESS_TOKEN_KIND } from './api-kinds.js';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ALL_NAMESPACES = '*';

export interface TokenGrant {
  id: string;
  /** A namespace, or `*` for all. */
  namespace: string;
  role: Role;
  description?: string;
  createdAt?: string;
}

interface TokenResource extends Resource {
  spec: { namespace: string; role: Role; sha256: string; description?: string };
}

const PREFIX = 'argosy';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export async function createToken(
  store: Store,
  grant: { namespace: string; role: string; description?: string },
): Promise<{ token: string; grant: TokenGrant }> {
  if (!isRole(grant.role))
    throw new ValidationError('--role', `"${grant.role}" is not a role: use ${ROLES.join(', ')}`);
  if (grant.namespace !== ALL_NAMESPACES && !isDns1123Subdomain(grant.namespace)) {
    throw new ValidationError('--namespace', `"${grant.namespace}" is not a namespace name (or * for all)`);
  }
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const obj: TokenResource = {
    apiVersion: 'argosy.io/v1',
    kind: ACCESS_TOKEN_KIND,
    metadata: { name: id },
    spec: {
      namespace: grant.namespace,
      role: grant.role,
      sha256: sha256(secret).toString('hex'),
      description: grant.description,
    },
  };
  const saved = await store.create(obj);
  return { token: `${PREFIX}.${id}.${secret}`, grant: toGrant(saved) };
}

function toGrant(r: TokenResource): TokenGrant {
  return {
    id: r.metadata.name ?? '',
    namespace: r.spec.namespace,
    role: r.spec.role,
    description: r.spec.description,
    createdAt: r.metadata.creationTimestamp as string | undefined,
  };
}

/** The grant of a presented token, or undefined when it is unknown, revoked or wrong. */
export async function verifyToken(store: Store, token: string): Promise<TokenGrant | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[0-9a-f]{12}$/.test(parts[1] ?? '')) return undefined;
  let stored: TokenResource;
  try {
    stored = await store.get<TokenResource>(ACCESS_TOKEN_KIND, '', parts[1] ?? '');
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
  const expected = Buffer.from(stored.spec.sha256, 'hex');
  const actual = sha256(parts[2] ?? '');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return toGrant(stored);
}

export async function listTokens(store: Store): Promise<TokenGrant[]> {
  const { items } = await store.list<TokenResource>(ACCESS_TOKEN_KIND, {});
  return items.map(toGrant);
}

export async function revokeToken(store: Store, id: string): Promise<void> {
  await store.delete(ACCESS_TOKEN_KIND, '', id);
}
