/** /userinfo: who the server thinks you are, its version, and logout of the session token. */

import { api } from '../api/endpoints.ts';
import { clearToken, getToken } from '../auth/token-store.ts';
import { ErrorBox, Loading, PageHeader } from '../components/common.tsx';
import { useLoad } from '../components/hooks.ts';
import { navigate } from '../router/navigation.tsx';

export function UserInfoPage() {
  const user = useLoad(() => api.userInfo(), []);
  const version = useLoad(() => api.version(), []);
  const u = user.data;
  return (
    <div className="page">
      <PageHeader title="User info">
        {getToken() && (
          <button
            type="button"
            onClick={() => {
              clearToken();
              navigate('/login');
            }}
          >
            Log out
          </button>
        )}
      </PageHeader>
      <ErrorBox error={user.error} />
      {!u && !user.error && <Loading what="user info" />}
      {u && (
        <dl className="summary" aria-label="User">
          <dt>Subject</dt>
          <dd data-testid="subject">{u.subject || u.name || '—'}</dd>
          <dt>Issuer</dt>
          <dd>{u.issuer || '—'}</dd>
          {u.email && (
            <>
              <dt>Email</dt>
              <dd>{u.email}</dd>
            </>
          )}
          <dt>Groups</dt>
          <dd>{(u.groups ?? []).join(', ') || '—'}</dd>
          {u.serviceAccountName && (
            <>
              <dt>Service account</dt>
              <dd>
                {u.serviceAccountNamespace}/{u.serviceAccountName}
              </dd>
            </>
          )}
        </dl>
      )}
      {version.data && (
        <p className="muted">
          Server version {version.data.version ?? 'unknown'}
          {version.data.gitCommit ? ` (${version.data.gitCommit.slice(0, 8)})` : ''}
        </p>
      )}
    </div>
  );
}
