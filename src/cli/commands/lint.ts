import type { Command } from 'commander';
import { ValidationError } from '../../errors/index.js';
import { runLint } from '../../lint/index.js';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('validate files or directories of Argo resources (all given files together)')
    .argument('<paths...>', 'files or directories (*.yaml, *.yml, *.json)')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (paths: string[], opts: { output: string }) => {
      if (opts.output !== 'text' && opts.output !== 'json') {
        throw new ValidationError('--output', `unknown output format "${opts.output}": use text or json`);
      }
      const result = await runLint(paths, { output: opts.output });
      process.stdout.write(result.stdout);
      process.exitCode = result.exitCode;
    });
}
