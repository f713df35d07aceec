/** /login: paste a bearer token (client auth mode). It is checked against /api/v1/userinfo and kept in sessionStorage only. */

import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import { clearToken, setToken } from '../auth/token-store.ts';
import { ErrorBox } from '../components/common.tsx';
import { navigate } from '../router/navigation.tsx';

export function LoginPage({ redirect }: { redirect?: string }) {
  const [token, setTokenText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const login = async () => {
    setBusy(true);
    setError(undefined);
    setToken(token);
    try {
      await api.userInfo();
      navigate(redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/workflows');
    } catch (e) {
      clearToken();
      setError(`That token was refused: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login">
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void login();
        }}
        aria-labelledby="login-title"
      >
        <h1 id="login-title">Log in to Argosy</h1>
        <p className="muted">
          This server needs a token. Create one with{' '}
          <code>argosy auth token create --namespace NS --role viewer</code>. It is kept in this browser tab
          only.
        </p>
        <label className="field">
          Token
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setTokenText(e.target.value)}
            required
          />
        </label>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          Log in
        </button>
      </form>
    </div>
  );
}
