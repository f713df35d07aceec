/**
 * Finding and connecting to a container engine that speaks the Docker Engine API: podman's
 * Docker-compatible socket or Docker's. DOCKER_HOST wins; otherwise the usual socket paths.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { TerminalError } from '../../errors/index.js';

export interface EngineAddress {
  /** A unix socket path, or an http(s) URL for tcp:// DOCKER_HOST values. */
  socketPath?: string;
  host?: string;
  port?: number;
  /** What it was derived from, for messages (`DOCKER_HOST=...`, `/run/podman/podman.sock`). */
  source: string;
}

export interface Engine {
  docker: Docker;
  address: EngineAddress;
  /** `podman` or `docker`, from the engine's own version answer. */
  kind: 'podman' | 'docker';
  version: string;
}

/** The engine is not reachable: one clear message naming where Argosy looked and how to fix it. */
export class EngineUnavailableError extends TerminalError {}

/** Sockets tried in order when DOCKER_HOST is not set. */
export function candidateSockets(env: NodeJS.ProcessEnv = process.env): string[] {
  const out = ['/run/podman/podman.sock', '/var/run/docker.sock'];
  if (env.XDG_RUNTIME_DIR) out.push(join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'));
  out.push(join(homedir(), '.docker', 'run', 'docker.sock'));
  return out;
}

/** Where to connect: DOCKER_HOST when set (unix:// or tcp://), else the first socket that exists. */
export function engineAddress(env: NodeJS.ProcessEnv = process.env): EngineAddress | undefined {
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    const source = `DOCKER_HOST=${dockerHost}`;
    if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length), source };
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375), source };
  }
  const socket = candidateSockets(env).find((p) => existsSync(p));
  return socket ? { socketPath: socket, source: socket } : undefined;
}

const HOW_TO =
  "start podman's API (`podman system service --time=0 unix:///run/podman/podman.sock`, or run scripts/container-setup.sh) or Docker, or set DOCKER_HOST";

/** Connects and asks the engine who it is, within timeoutMs; throws EngineUnavailableError otherwise. */
export async function connectEngine(
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Engine> {
  const env = options.env ?? process.env;
  const address = engineAddress(env);
  if (!address) {
    throw new EngineUnavailableError(
      `no container engine found (DOCKER_HOST is not set and none of ${candidateSockets(env).join(', ')} exists): ${HOW_TO}`,
    );
  }
  const docker = new Docker({
    ...(address.socketPath ? { socketPath: address.socketPath } : { host: address.host, port: address.port }),
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const version = await Promise.race([
      docker.version(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const components = (version as { Components?: Array<{ Name?: string }> }).Components ?? [];
    const podman = components.some((c) => /podman/i.test(c.Name ?? ''));
    return { docker, address, kind: podman ? 'podman' : 'docker', version: version.Version ?? '' };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new EngineUnavailableError(
      `the container engine at ${address.source} does not answer (${reason}): ${HOW_TO}`,
    );
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** True when an engine answers (for `--runtime auto`); never throws. */
export async function engineAnswers(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 1500,
): Promise<boolean> {
  try {
    await connectEngine({ env, timeoutMs });
    return true;
  } catch {
    return false;
  }
}
