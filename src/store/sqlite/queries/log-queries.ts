/** Rows of `logs`: one per line (or partial line) of a pod container's output. */

import type { LogPiece } from '../../logs.js';
import type { LogFilter, LogLine, LogRef, LogStream } from '../../store.js';
import type { Statements } from './statements.js';

interface LogRow {
  seq: number;
  namespace: string;
  workflow: string;
  pod_name: string;
  container: string;
  stream: LogStream;
  time: string;
  content: string;
  partial: number;
}

export class LogQueries {
  constructor(private readonly sql: Statements) {}

  insert(ref: LogRef, stream: LogStream, time: string, pieces: LogPiece[]): void {
    const stmt = this.sql.get(
      'INSERT INTO logs (namespace, workflow, pod_name, container, stream, time, content, partial) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const p of pieces) {
      stmt.run(
        ref.namespace,
        ref.workflow,
        ref.podName,
        ref.container,
        stream,
        time,
        p.content,
        p.partial ? 1 : 0,
      );
    }
  }

  latestSeq(): number {
    return this.sql.get<number | null>('SELECT max(seq) FROM logs').pluck(true).get() ?? 0;
  }

  after(seq: number, limit: number, filter?: LogFilter): LogLine[] {
    const where = ['seq > ?'];
    const params: unknown[] = [seq];
    if (filter) {
      where.push('namespace = ?', 'workflow = ?');
      params.push(filter.namespace, filter.workflow);
      if (filter.podName !== undefined) {
        where.push('pod_name = ?');
        params.push(filter.podName);
      }
      if (filter.container !== undefined) {
        where.push('container = ?');
        params.push(filter.container);
      }
    }
    params.push(limit > 0 ? limit : -1);
    return this.sql
      .get<LogRow>(`SELECT * FROM logs WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`)
      .all(...params)
      .map((r) => ({
        seq: r.seq,
        namespace: r.namespace,
        workflow: r.workflow,
        podName: r.pod_name,
        container: r.container,
        stream: r.stream,
        time: r.time,
        content: r.content,
        partial: r.partial === 1,
      }));
  }

  deleteWorkflow(namespace: string, workflow: string): void {
    this.sql.get('DELETE FROM logs WHERE namespace = ? AND workflow = ?').run(namespace, workflow);
  }
}
