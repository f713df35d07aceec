import { Command } from 'commander';
import { registerController } from './commands/controller.js';
import { registerDelete } from './commands/delete.js';
import { registerGet } from './commands/get.js';
import { registerLifecycle } from './commands/lifecycle.js';
import { registerLint } from './commands/lint.js';
import { registerList } from './commands/list.js';
import { registerLogs } from './commands/logs.js';
import { registerSubmit } from './commands/submit.js';
import { registerWaitAndWatch } from './commands/wait-watch.js';

export function buildProgram(): Command {
  const program = new Command('argosy')
    .description('Argo Workflows, anywhere: run argoproj.io/v1alpha1 workflows with nothing but Node.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerSubmit(program);
  registerList(program);
  registerGet(program);
  registerWaitAndWatch(program);
  registerLogs(program);
  registerLifecycle(program);
  registerDelete(program);
  registerLint(program);
  registerController(program);
  return program;
}
