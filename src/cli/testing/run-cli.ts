import assert from 'node:assert/strict';
/**
 * Runs the `argosy` CLI from source (tsx, no build) in a child process, for integration tests.
 * Each test gets its own ARGOSY_HOME; `cleanupHome` kills whatever is still running for that home
 * (background controllers, steps), found through /proc so other tests' processes are never touched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '../../errors/index.js';
import type { NodeStatus, Workflow } from '../../spec/types.js';
import { SqliteStore } from '../../store/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = join(REPO_ROOT, 'src/cli/main.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  home: string;
  env?: Record<string, string>;
  /** Kill the CLI (SIGKILL) after this long; the test then fails on the null exit code. Default 30 s. */
  timeoutMs?: number;
}

/**
 * A fresh ARGOSY_HOME (realpath, so it matches what processes report in /proc). It is under /var/tmp
 * when there is one: host steps see a private /tmp, and tests pass them directories in the home to
 * leave marker files in.
 */
export function newHome(prefix = 'argosy-cli-'): string {
  const base = existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
  return realpathSync(mkdtempSync(join(base, prefix)));
}

/** Starts the CLI; the caller reads its streams or kills it. */
export function spawnCli(args: string[], opts: CliOptions): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, ARGOSY_HOME: opts.home, ...opts.env };
  delete env.ARGOSY_DEBUG;
  delete env.ARGOSY_NAMESPACE;
  delete env.NODE_TEST_CONTEXT;
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to its end and collects its output. */
export function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  const child = spawnCli(args, opts);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** A stack trace line, which a user must never see. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text);
}

function readProc(pid: string, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

export interface HomeProcess {
  pid: number;
  cmdline: string;
}

/**
 * Live processes belonging to `home`: the CLI and its controllers (ARGOSY_HOME=home) and the steps they
 * run (HOME under home/pods). Zombies are left out.
 */
export function processesOf(home: string): HomeProcess[] {
  const out: HomeProcess[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const environ = readProc(pid, 'environ');
    if (!environ) continue;
    const vars = environ.split('\0');
    const mine = vars.some((v) => v === `ARGOSY_HOME=${home}` || v.startsWith(`HOME=${home}/`));
    if (!mine) continue;
    const stat = readProc(pid, 'stat') ?? '';
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    out.push({ pid: Number(pid), cmdline: (readProc(pid, 'cmdline') ?? '').split('\0').join(' ').trim() });
  }
  return out;
}

/** The background controllers (`argosy controller --exit-when-idle`) running for `home`. */
export function backgroundControllersOf(home: string): number[] {
  return processesOf(home)
    .filter((p) => p.cmdline.includes('controller --exit-when-idle'))
    .map((p) => p.pid);
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Kills every process still running for `home` (SIGKILL), then removes it. */
export async function cleanupHome(home: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const left = processesOf(home);
    if (left.length === 0) break;
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await sleep(50);
  }
  rmSync(home, { recursive: true, force: true });
}

/** Reads a workflow (with its nodes) straight from `home`'s store, or undefined if it is not there. */
export async function readWorkflow(
  home: string,
  name: string,
  namespace = 'default',
): Promise<Workflow | undefined> {
  const store = await SqliteStore.open({ path: join(home, 'argosy.db') });
  try {
    return await store.get<Workflow>('Workflow', namespace, name);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  } finally {
    await store.close();
  }
}

/** The workflow's nodes by display name. */
export function nodesByName(wf: Workflow): Map<string, NodeStatus> {
  const out = new Map<string, NodeStatus>();
  for (const node of Object.values((wf.status?.nodes ?? {}) as Record<string, NodeStatus>)) {
    out.set(node.displayName ?? node.name, node);
  }
  return out;
}

/** Asserts a CLI run exited 0 without a stack trace; the message carries its output. */
export function expectOk(r: CliResult, what: string): CliResult {
  assert.equal(r.code, 0, `${what} exited ${r.code ?? r.signal}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.ok(!hasStackTrace(r.stderr), `${what} printed a stack trace:\n${r.stderr}`);
  return r;
}

/** A maker of fresh ARGOSY_HOMEs, each cleaned up (processes and files) after the test file. */
export function homesForThisFile(): () => string {
  const homes: string[] = [];
  after(async () => {
    for (const h of homes) await cleanupHome(h);
  });
  return () => {
    const h = newHome();
    homes.push(h);
    return h;
  };
}
