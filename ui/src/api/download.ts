/**
 * Downloads a file from the API with the session's token. A plain `<a href download>` cannot send
 * the Authorization header (the token is never a cookie), so with a token the file is fetched and
 * handed to the browser as a blob; without one the link is followed as usual.
 */

import { authorizationHeader } from '../auth/token-store.ts';
import { apiErrorOf } from './api-error.ts';

/** True when the click was taken over (a token is set): the caller prevents the link's default. */
export function needsAuthorizedDownload(): boolean {
  return 'Authorization' in authorizationHeader();
}

export async function downloadWithToken(href: string, fileName: string): Promise<void> {
  const response = await fetch(href, { headers: authorizationHeader() });
  if (!response.ok) throw apiErrorOf(response.status, await response.text());
  const url = URL.createObjectURL(await response.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // The download reads the blob after click() returns: free it a minute later.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
