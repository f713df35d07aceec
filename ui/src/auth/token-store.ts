/**
 * The bearer token for a server in client auth mode. It lives in sessionStorage only (gone when the
 * tab closes), never in localStorage or a cookie. Stored as typed; sent as `Authorization: Bearer …`.
 */

const KEY = 'argosy.token';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStorage | undefined {
  return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
}

export function getToken(store: KeyValueStorage | undefined = storage()): string | undefined {
  return store?.getItem(KEY) || undefined;
}

/** Saves a token; a pasted "Bearer xyz" is stored as "xyz". An empty token logs out. */
export function setToken(token: string, store: KeyValueStorage | undefined = storage()): void {
  const clean = token.trim().replace(/^Bearer\s+/i, '');
  if (clean === '') store?.removeItem(KEY);
  else store?.setItem(KEY, clean);
}

export function clearToken(store: KeyValueStorage | undefined = storage()): void {
  store?.removeItem(KEY);
}

export function authorizationHeader(store: KeyValueStorage | undefined = storage()): Record<string, string> {
  const token = getToken(store);
  return token ? { Authorization: `Bearer ${token}` } : {};
}
