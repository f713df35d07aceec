/**
 * Authentication and authorization. auth-mode `server`: no credentials, every request may do
 * everything (the server refuses to listen beyond loopback unless forced). auth-mode `client`: a
 * bearer token (src/api/access-tokens.ts) grants a role in a namespace; every route asks `allow()`
 * for the namespace it touches, so a token for namespace A reads nothing of namespace B.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ALL_NAMESPACES, type Role, type TokenGrant, verifyToken } from '../api/index.js';
import type { Store } from '../store/index.js';
import { PermissionDeniedError, UnauthenticatedError } from './grpc-errors.js';

export type AuthMode = 'server' | 'client';

/** read: get/list/watch/logs; write: create/update/delete/verbs; admin: cluster-scoped writes. */
export type Access = 'read' | 'write' | 'admin';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
const NEEDED: Record<Access, number> = { read: 0, write: 1, admin: 2 };

declare module 'fastify' {
  interface FastifyRequest {
    grant: TokenGrant | undefined;
  }
}

/** The grant of auth-mode server: everything. */
const SERVER_GRANT: TokenGrant = { id: 'server', namespace: ALL_NAMESPACES, role: 'admin' };

export class Authorizer {
  constructor(
    private readonly mode: AuthMode,
    private readonly store: Store,
  ) {}

  /** onRequest hook: finds the caller's grant; 401 without a valid token in client mode. */
  authenticate = async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (this.mode === 'server') {
      req.grant = SERVER_GRANT;
      return;
    }
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new UnauthenticatedError('token not valid: send "Authorization: Bearer <token>"');
    const grant = await verifyToken(this.store, match[1]);
    if (!grant) throw new UnauthenticatedError('token not valid');
    req.grant = grant;
  };
}

/**
 * Throws 403 unless the request's grant may do `access` in `namespace` ('' = every namespace, or a
 * cluster-scoped resource when `cluster`).
 */
export function allow(req: FastifyRequest, namespace: string, access: Access, cluster = false): void {
  const grant = req.grant;
  if (!grant) throw new UnauthenticatedError('token not valid');
  if (RANK[grant.role] < NEEDED[access]) {
    throw new PermissionDeniedError(
      `role ${grant.role} may not ${access}${namespace ? ` in namespace "${namespace}"` : ''}`,
    );
  }
  // Cluster-scoped objects are readable by any token; writing them needs an all-namespaces admin.
  if (cluster && access === 'read') return;
  if (grant.namespace === ALL_NAMESPACES) return;
  if (cluster)
    throw new PermissionDeniedError('cluster-scoped resources need an admin token for all namespaces');
  if (namespace !== grant.namespace) {
    throw new PermissionDeniedError(
      namespace ? `token not valid for namespace "${namespace}"` : 'token not valid for all namespaces',
    );
  }
}

/** The namespace a grant is confined to, or undefined when it sees all. */
export function confinedNamespace(req: FastifyRequest): string | undefined {
  const ns = req.grant?.namespace;
  return ns === undefined || ns === ALL_NAMESPACES ? undefined : ns;
}
