/** Prepares each SQL text once per database. */

import type { Database, Statement } from '../database.js';

export class Statements {
  private readonly cache = new Map<string, Statement<unknown>>();

  constructor(readonly db: Database) {}

  get<Row>(sql: string): Statement<Row> {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt as Statement<Row>;
  }
}
