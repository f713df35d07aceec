/**
 * For tests: a throw-away database on the local PostgreSQL (127.0.0.1:5432, user postgres) or
 * MariaDB/MySQL (127.0.0.1:3306, root), with a unique name, dropped afterwards. When the server
 * does not answer, `reason` says so and the tests skip. ARGOSY_TEST_POSTGRES_URL and
 * ARGOSY_TEST_MYSQL_URL point them at other servers (an admin URL without a database path).
 */

import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { redactUrl } from '../open-store.js';

export interface TestDatabase {
  /** The URL of the new database, for openStore. */
  url: string;
  drop(): Promise<void>;
}

export type ServerProbe = { available: true } | { available: false; reason: string };

const PG_ADMIN = process.env.ARGOSY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_ADMIN = process.env.ARGOSY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';

/** `argosy_t_<pid>_<random>`: only [a-z0-9_], so it can stand as an identifier (names cannot be parameters). */
export function testDatabaseName(): string {
  return `argosy_t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function probePostgres(): Promise<ServerProbe> {
  const client = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { available: true };
  } catch (err) {
    return {
      available: false,
      reason: `PostgreSQL not reachable at ${redactUrl(PG_ADMIN)}: ${(err as Error).message}`,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = testDatabaseName();
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: PG_ADMIN });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: withDatabase(PG_ADMIN, name),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function probeMysql(): Promise<ServerProbe> {
  try {
    const conn = await mysql.createConnection({ uri: MYSQL_ADMIN, connectTimeout: 3000 });
    await conn.query('SELECT 1');
    await conn.end();
    return { available: true };
  } catch (err) {
    return {
      available: false,
      reason: `MySQL/MariaDB not reachable at ${redactUrl(MYSQL_ADMIN)}: ${(err as Error).message}`,
    };
  }
}

export async function createMysqlDatabase(): Promise<TestDatabase> {
  const name = testDatabaseName();
  const admin = async (sql: string) => {
    const conn = await mysql.createConnection({ uri: MYSQL_ADMIN });
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  };
  await admin(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  return { url: withDatabase(MYSQL_ADMIN, name), drop: () => admin(`DROP DATABASE IF EXISTS ${name}`) };
}
