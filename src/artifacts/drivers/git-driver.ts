/**
 * `git` artifacts, through the git binary: clone at a revision (branch, tag or commit), with depth,
 * extra fetch refspecs and submodules. Credentials reach git through GIT_ASKPASS or an ssh key file
 * in a private temporary directory — never on the command line, never in a message.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ArtifactDriver, DriverContext, LoadedKind } from '../driver.js';
import { ArtifactError, ArtifactNotFoundError } from '../errors.js';
import { type ArtifactLocation, type GitLocation, redactUrl } from '../location.js';

interface GitEnv {
  env: NodeJS.ProcessEnv;
  cleanup: () => Promise<void>;
}

export class GitDriver implements ArtifactDriver {
  constructor(private readonly ctx: Pick<DriverContext, 'secrets' | 'tmpDir'>) {}

  async load(location: ArtifactLocation, dest: string): Promise<LoadedKind> {
    const git = location.git;
    if (!git?.repo) throw new ArtifactError('git artifact has no repo');
    await mkdir(dirname(dest), { recursive: true });
    const auth = await this.authEnv(git);
    const run = (args: string[], cwd?: string) => runGit(args, auth.env, git.repo, cwd);
    try {
      const clone = ['clone', '--quiet'];
      if (git.depth && git.depth > 0) clone.push('--depth', String(git.depth));
      if (git.singleBranch || git.branch) clone.push('--single-branch');
      if (git.branch) clone.push('--branch', git.branch);
      if (git.revision) clone.push('--no-checkout');
      await run([...clone, '--', git.repo, dest]);
      if (git.fetch?.length) await run(['fetch', '--quiet', 'origin', ...git.fetch], dest);
      if (git.revision) await this.checkout(git, dest, run);
      if (!git.disableSubmodules && existsSync(join(dest, '.gitmodules'))) {
        await run(['submodule', 'update', '--quiet', '--init', '--recursive'], dest);
      }
    } catch (err) {
      await rm(dest, { recursive: true, force: true });
      throw err;
    } finally {
      await auth.cleanup();
    }
    return 'directory';
  }

  private async checkout(
    git: GitLocation,
    dest: string,
    run: (args: string[], cwd?: string) => Promise<string>,
  ): Promise<void> {
    const revision = git.revision ?? '';
    try {
      await run(['checkout', '--quiet', revision, '--'], dest);
      return;
    } catch {
      // Not in the (shallow or single-branch) clone: fetch it by name or commit, then check it out.
    }
    const fetch = ['fetch', '--quiet'];
    if (git.depth && git.depth > 0) fetch.push('--depth', String(git.depth));
    try {
      await run([...fetch, 'origin', revision], dest);
    } catch (err) {
      throw new ArtifactNotFoundError(`git ${redactUrl(git.repo)}: revision '${revision}' not found`, {
        cause: err,
      });
    }
    await run(['checkout', '--quiet', 'FETCH_HEAD', '--'], dest);
  }

  async save(): Promise<void> {
    throw new ArtifactError('git artifacts can be loaded only, not saved');
  }

  async openStream(): Promise<Readable> {
    throw new ArtifactError('a git artifact is a directory: it cannot be streamed as one file');
  }

  async list(): Promise<string[]> {
    return [];
  }

  async delete(): Promise<void> {}

  private async authEnv(git: GitLocation): Promise<GitEnv> {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
    if (
      !git.usernameSecret &&
      !git.passwordSecret &&
      !git.sshPrivateKeySecret &&
      !git.insecureIgnoreHostKey
    ) {
      return { env, cleanup: async () => {} };
    }
    await mkdir(this.ctx.tmpDir, { recursive: true });
    const dir = await mkdtemp(join(this.ctx.tmpDir, 'git-auth-'));
    await chmod(dir, 0o700);
    const cleanup = () => rm(dir, { recursive: true, force: true });
    try {
      if (git.usernameSecret || git.passwordSecret) {
        const askpass = join(dir, 'askpass.sh');
        await writeFile(
          askpass,
          '#!/bin/sh\ncase "$1" in\n  Username*) printf "%s" "$ARGOSY_GIT_USERNAME" ;;\n  *) printf "%s" "$ARGOSY_GIT_PASSWORD" ;;\nesac\n',
          { mode: 0o700 },
        );
        env.GIT_ASKPASS = askpass;
        env.ARGOSY_GIT_USERNAME = git.usernameSecret ? await this.ctx.secrets(git.usernameSecret) : '';
        env.ARGOSY_GIT_PASSWORD = git.passwordSecret ? await this.ctx.secrets(git.passwordSecret) : '';
      }
      const ssh = ['ssh'];
      if (git.sshPrivateKeySecret) {
        const key = join(dir, 'id');
        await writeFile(key, `${(await this.ctx.secrets(git.sshPrivateKeySecret)).trimEnd()}\n`, {
          mode: 0o600,
        });
        ssh.push('-i', key, '-o', 'IdentitiesOnly=yes');
      }
      if (git.insecureIgnoreHostKey)
        ssh.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
      if (ssh.length > 1) env.GIT_SSH_COMMAND = ssh.join(' ');
    } catch (err) {
      await cleanup();
      throw err;
    }
    return { env, cleanup };
  }
}

function runGit(args: string[], env: NodeJS.ProcessEnv, repo: string, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      if (out.length < 65536) out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 65536) err += d.toString();
    });
    child.on('error', (e) => reject(new ArtifactError(`git: ${e.message}`, { cause: e })));
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      const detail = redactAll(err.trim().split('\n').slice(-3).join('; '), repo);
      const message = `git ${args[0]} ${redactUrl(repo)} failed: ${detail || `exit code ${code}`}`;
      const notFound = /not found|does not exist|couldn't find remote ref|not a git repository/i.test(err);
      const transient = /could not resolve host|connection (refused|reset|timed out)|timed out/i.test(err);
      reject(notFound ? new ArtifactNotFoundError(message) : new ArtifactError(message, { transient }));
    });
  });
}

function redactAll(text: string, repo: string): string {
  return text
    .split(repo)
    .join(redactUrl(repo))
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}
