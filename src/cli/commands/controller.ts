import type { Command } from 'commander';
import { defaultArgosyHome } from '../../store/index.js';
import { startController } from '../run-controller.js';
import { withStore } from './with-store.js';

export function registerController(program: Command): void {
  program
    .command('controller')
    .description(
      'run the workflow controller on the embedded store (until stopped, or until idle); without --exit-when-idle it also schedules CronWorkflows',
    )
    .option('--exit-when-idle', 'exit once nothing has been running or scheduled for 3 seconds')
    .action(async (opts: { exitWhenIdle?: boolean }) => {
      // Never a server (ARGOSY_SERVER is ignored): the controller works on the embedded store.
      await withStore(undefined, async (store) => {
        const ctx = { home: defaultArgosyHome(), store };
        const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
        const running = await startController(ctx, log, { cron: !opts.exitWhenIdle });
        log(`controller ${process.pid} started on ${ctx.home}`);
        await new Promise<void>((resolve) => {
          let idleSince = Date.now();
          const timer = setInterval(() => {
            if (!running.controller.isIdle()) idleSince = Date.now();
            else if (opts.exitWhenIdle && Date.now() - idleSince > 3000) {
              clearInterval(timer);
              resolve();
            }
          }, 250);
          const stop = () => {
            clearInterval(timer);
            resolve();
          };
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
        });
        await running.stop();
        log(`controller ${process.pid} stopped`);
      });
    });
}
