/**
 * A real `argosy server` for the browser tests: the built CLI (dist/cli/main.js) on a free port with
 * its own ARGOSY_HOME, serving the built UI (dist/ui). Stopped with SIGTERM, home removed.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');

/** Why `argosy server` with the UI cannot be started here, or undefined when it can. */
export function argosyServerMissing(): string | undefined {
  if (!existsSync(CLI)) return 'dist/cli/main.js is missing: run `npm run build`';
  if (!existsSync(join(REPO_ROOT, 'dist', 'ui', 'index.html')))
    return 'dist/ui is missing: run `npm run build`';
  const serverJs = join(REPO_ROOT, 'dist', 'server', 'ui-static.js');
  if (!existsSync(serverJs)) return '`argosy server` (with the UI) is not built: run `npm run build`';
  return undefined;
}

export interface ArgosyServer {
  url: string;
  home: string;
  /** Runs the argosy CLI against the same home; resolves to stdout. */
  cli(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startArgosyServer(
  options: { authMode?: 'server' | 'client' } = {},
): Promise<ArgosyServer> {
  const home = mkdtempSync(join(tmpdir(), 'argosy-ui-test-'));
  const env = { ...process.env, ARGOSY_HOME: home, ARGOSY_SERVER: '', ARGOSY_TOKEN: '' };
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'server', '--port', '0', '--auth-mode', options.authMode ?? 'server'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`argosy server did not start in 20s: ${stderr}`)),
      20_000,
    );
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /argosy server listening on (https?:\/\/[^\s"]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`argosy server exited (${code}): ${stderr}`));
    });
  });
  child.stdout?.resume();
  return {
    url,
    home,
    async cli(args) {
      const { stdout } = await run(process.execPath, [CLI, ...args], { env, timeout: 60_000 });
      return stdout;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Reads a fixture from ui/src/testing/testdata. */
export function fixture(name: string): string {
  return readFileSync(join(REPO_ROOT, 'ui', 'src', 'testing', 'testdata', name), 'utf8');
}
