/** `argosy server`: Argo's REST API and the controller in one process (see docs/server.md). */
import type { Command } from 'commander';
import { ValidationError } from '../../errors/index.js';
import { defaultArgosyHome } from '../../store/index.js';

interface ServerFlags {
  port: string;
  host: string;
  store?: string;
  runtime: string;
  authMode: string;
  namespaced?: string;
  instanceId?: string;
  tlsCert?: string;
  tlsKey?: string;
  controller: boolean;
  controllerOnly?: boolean;
  insecureBindAnywhere?: boolean;
  archiveTtl: string;
}

/** `7d`, `12h`, `30m`, `45s` or `0` (keep forever) as milliseconds. */
export function parseTtl(text: string): number {
  const m = /^(\d+)(d|h|m|s)?$/.exec(text.trim());
  if (!m)
    throw new ValidationError('--archive-ttl', `"${text}" is not a duration like 7d, 12h, 30m, 45s or 0`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[(m[2] ?? 's') as 'd' | 'h' | 'm' | 's'];
  return Number(m[1]) * unit;
}

export function registerServer(program: Command): void {
  program
    .command('server')
    .description("serve Argo's REST API and run the workflow controller (until SIGTERM/SIGINT)")
    .option('--port <port>', 'port to listen on (0: any free port)', '2746')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--store <url>', 'sqlite:PATH (default $ARGOSY_HOME/argosy.db)')
    .option('--runtime <name>', 'how steps run: host, container (podman/Docker) or auto', 'host')
    .option('--auth-mode <mode>', 'server (no authentication) or client (bearer tokens)', 'server')
    .option('--namespaced <namespace>', 'serve and run only this namespace')
    .option(
      '--instance-id <id>',
      "run only workflows labelled with this controller instance id (Argo's --instanceid)",
    )
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'and this private key (PEM)')
    .option('--no-controller', 'serve the API only; another process runs the workflows')
    .option('--controller-only', 'run the controller only, no API')
    .option('--insecure-bind-anywhere', 'allow auth-mode server on a non-loopback address')
    .option(
      '--archive-ttl <duration>',
      'delete archived workflows this long after they finished (0: keep)',
      '0',
    )
    .action(async (flags: ServerFlags) => {
      if (flags.controllerOnly && !flags.controller) {
        throw new ValidationError(
          '--controller-only',
          '--controller-only and --no-controller exclude each other',
        );
      }
      // Loaded here, so other commands do not pay for Fastify, pino and prom-client at start-up.
      const { runServer } = await import('../../server/run-server.js');
      const running = await runServer({
        home: defaultArgosyHome(),
        port: Number(flags.port),
        host: flags.host,
        store: flags.store,
        runtime: flags.runtime,
        authMode: flags.authMode as 'server' | 'client',
        managedNamespace: flags.namespaced,
        instanceId: flags.instanceId,
        tlsCert: flags.tlsCert,
        tlsKey: flags.tlsKey,
        controller: flags.controller,
        api: !flags.controllerOnly,
        insecureBindAnywhere: flags.insecureBindAnywhere,
        archiveTtlMs: parseTtl(flags.archiveTtl),
      });
      // The first line on stdout says where to connect (tests and scripts read it).
      process.stdout.write(
        running.url ? `argosy server listening on ${running.url}\n` : 'argosy controller running\n',
      );
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      await running.stop();
    });
}
