/** `argosy auth token create|list|revoke`: bearer tokens for a server in auth-mode client. */
import type { Command } from 'commander';
import { ALL_NAMESPACES, createToken, listTokens, revokeToken } from '../../api/index.js';
import { ValidationError } from '../../errors/index.js';
import { alignColumns } from '../render/table.js';
import { withStore } from './with-store.js';

export function registerAuth(program: Command): void {
  const auth = program.command('auth').description('API tokens for `argosy server --auth-mode client`');
  const token = auth.command('token').description('create, list and revoke bearer tokens');
  token
    .command('create')
    .description('create a token (printed once; only its hash is stored)')
    .option('-n, --namespace <ns>', 'the namespace the token may act in')
    .option('-A, --all-namespaces', 'every namespace (needed for ClusterWorkflowTemplates)')
    .requiredOption('--role <role>', 'viewer, editor or admin')
    .option('--description <text>', 'what the token is for')
    .option('--store <url>', 'sqlite:PATH (default $ARGOSY_HOME/argosy.db)')
    .action(
      async (opts: {
        namespace?: string;
        allNamespaces?: boolean;
        role: string;
        description?: string;
        store?: string;
      }) => {
        if (!opts.namespace && !opts.allNamespaces)
          throw new ValidationError('--namespace', 'give --namespace NS or --all-namespaces');
        if (opts.namespace && opts.allNamespaces)
          throw new ValidationError('--namespace', '--namespace and --all-namespaces exclude each other');
        await withStore(opts.store, async (store) => {
          const { token: secret } = await createToken(store, {
            namespace: opts.allNamespaces ? ALL_NAMESPACES : (opts.namespace ?? ''),
            role: opts.role,
            description: opts.description,
          });
          process.stdout.write(`${secret}\n`);
        });
      },
    );
  token
    .command('list')
    .description('list tokens (ids, never secrets)')
    .option('--store <url>', 'sqlite:PATH (default $ARGOSY_HOME/argosy.db)')
    .action(async (opts: { store?: string }) => {
      await withStore(opts.store, async (store) => {
        const rows = (await listTokens(store)).map((g) => [
          g.id,
          g.namespace,
          g.role,
          g.createdAt ?? '',
          g.description ?? '',
        ]);
        process.stdout.write(
          `${alignColumns([['ID', 'NAMESPACE', 'ROLE', 'CREATED', 'DESCRIPTION'], ...rows]).join('\n')}\n`,
        );
      });
    });
  token
    .command('revoke')
    .description('revoke tokens by id')
    .argument('<ids...>', 'token ids (from `argosy auth token list`)')
    .option('--store <url>', 'sqlite:PATH (default $ARGOSY_HOME/argosy.db)')
    .action(async (ids: string[], opts: { store?: string }) => {
      await withStore(opts.store, async (store) => {
        for (const id of ids) {
          await revokeToken(store, id);
          process.stdout.write(`token ${id} revoked\n`);
        }
      });
    });
}
