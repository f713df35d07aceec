/** Rows of `leases`. */

import type { Lease } from '../../store.js';
import type { Statements } from './statements.js';

export class LeaseQueries {
  constructor(private readonly sql: Statements) {}

  get(name: string): Lease | undefined {
    const row = this.sql
      .get<{ holder: string; expires_at_ms: number }>(
        'SELECT holder, expires_at_ms FROM leases WHERE name = ?',
      )
      .get(name);
    return row && { name, holder: row.holder, expiresAt: new Date(row.expires_at_ms) };
  }

  put(lease: Lease): void {
    this.sql
      .get(
        'INSERT INTO leases (name, holder, expires_at_ms) VALUES (?, ?, ?) ' +
          'ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms',
      )
      .run(lease.name, lease.holder, lease.expiresAt.getTime());
  }

  release(name: string, holder: string): void {
    this.sql.get('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }
}
