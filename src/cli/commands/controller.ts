import type { Command } from 'commander';
import { withContext } from '../context.js';
import { startController } from '../run-controller.js';

export function registerController(program: Command): void {
  program
    .command('controller')
    .description('run the workflow controller on the embedded store (until stopped, or until idle)')
    .option('--exit-when-idle', 'exit once nothing has been running or scheduled for 3 seconds')
    .action(async (opts: { exitWhenIdle?: boolean }) => {
      await withContext({}, async (ctx) => {
        const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
        const running = await startController(ctx, log);
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
