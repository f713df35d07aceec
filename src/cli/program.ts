import { resolve as resolvePath } from 'node:path';
import { Command } from 'commander';
import { loadControllerConfig } from '../config/index.js';
import { checkRuntimeAvailable } from '../runtime/select-runtime.js';
import { defaultArgosyHome } from '../store/index.js';
import { registerArchive } from './commands/archive.js';
import { registerAuth } from './commands/auth.js';
import { registerClusterTemplate } from './commands/cluster-template.js';
import { registerConfigMap } from './commands/configmap.js';
import { registerController } from './commands/controller.js';
import { registerCp } from './commands/cp.js';
import { registerCron } from './commands/cron.js';
import { registerDelete } from './commands/delete.js';
import { registerEvent } from './commands/event.js';
import { registerGet } from './commands/get.js';
import { registerLifecycle } from './commands/lifecycle.js';
import { registerLint } from './commands/lint.js';
import { registerList } from './commands/list.js';
import { registerLogs } from './commands/logs.js';
import { registerServer } from './commands/server.js';
import { registerSubmit } from './commands/submit.js';
import { registerTemplate } from './commands/template.js';
import { registerWaitAndWatch } from './commands/wait-watch.js';

/** Commands that may run a controller: with `--runtime container` and no engine they fail at once, clearly. */
const CONTROLLER_COMMANDS = new Set(['submit', 'resubmit', 'retry', 'resume', 'controller', 'wait', 'watch']);

/** Commands that run workflows: they check the configuration file first, so a bad file stores nothing. */
const USES_CONFIG = new Set([
  'submit',
  'controller',
  'wait',
  'watch',
  'cp',
  'delete',
  'resume',
  'retry',
  'resubmit',
]);

export function buildProgram(): Command {
  const program = new Command('argosy')
    .description('Argo Workflows, anywhere: run argoproj.io/v1alpha1 workflows with nothing but Node.')
    .version('0.1.0')
    .option(
      '--runtime <name>',
      'where steps run: host (default), container (podman/Docker) or auto (ARGOSY_RUNTIME)',
    )
    .showHelpAfterError()
    .exitOverride()
    .option('--config <file>', 'controller configuration file (default $ARGOSY_HOME/config.yaml)');
  program.hook('preAction', async (_program, command) => {
    const runtime = program.opts<{ runtime?: string }>().runtime;
    if (runtime) process.env.ARGOSY_RUNTIME = runtime;
    // An environment variable, so that a background controller started from here reads the same file.
    const file = program.opts<{ config?: string }>().config;
    if (file) process.env.ARGOSY_CONFIG = resolvePath(file);
    if (USES_CONFIG.has(command.name()))
      loadControllerConfig(defaultArgosyHome(), process.env.ARGOSY_CONFIG || undefined);
    if (CONTROLLER_COMMANDS.has(command.name())) await checkRuntimeAvailable();
  });
  registerSubmit(program);
  registerList(program);
  registerGet(program);
  registerWaitAndWatch(program);
  registerLogs(program);
  registerLifecycle(program);
  registerDelete(program);
  registerLint(program);
  registerController(program);
  // Every workflow verb above works against a server too (src/client): one flag for all of them.
  for (const cmd of program.commands) {
    if (!['lint', 'controller'].includes(cmd.name())) {
      cmd.option(
        '--server <url>',
        'talk to this Argosy server (default $ARGOSY_SERVER; token in $ARGOSY_TOKEN)',
      );
    }
  }
  registerServer(program);
  registerAuth(program);
  registerArchive(program);
  registerTemplate(program);
  registerClusterTemplate(program);
  registerCron(program);
  registerEvent(program);
  registerConfigMap(program);
  registerCp(program);
  return program;
}
