/** `argosy cron create|get|list|delete|suspend|resume|lint`, like `argo cron`. */
import type { Command } from 'commander';
import { schedulesOf } from '../../cron/cron-types.js';
import { compileSchedules, nextRunOf } from '../../cron/next-run.js';
import type { ValidationError } from '../../errors/index.js';
import type { CronWorkflow } from '../../spec/types.js';
import type { KindCheck } from '../../templates/create-resources.js';
import { LABEL_CRON_WORKFLOW } from '../../templates/labels.js';
import { type CliContext, withContext, withServerOption } from '../context.js';
import { durationShort, secondsBetween } from '../render/humanize.js';
import { registerResourceCommands } from './template.js';

/** Schedules and timezone compile (lint checked the syntax; this names the document on a bad zone). */
const checkCron: KindCheck = async (doc) => {
  const cron = doc.value as unknown as CronWorkflow;
  try {
    compileSchedules(schedulesOf(cron), cron.spec?.timezone);
    return [];
  } catch (err) {
    const e = err as ValidationError;
    return [{ path: e.path.split('.'), message: e.reason }];
  }
};

function nextRun(cron: CronWorkflow, now: Date): Date | undefined {
  try {
    return nextRunOf(compileSchedules(schedulesOf(cron), cron.spec.timezone), now);
  } catch {
    return undefined;
  }
}

function ago(time: unknown, now: Date): string {
  return time ? durationShort(secondsBetween(String(time), undefined, now)) : 'N/A';
}

/** A CronWorkflow's runs go with it, as Kubernetes' owner GC does (a server too: through its API). */
async function deleteRuns(ctx: CliContext, name: string): Promise<void> {
  const items = await ctx.client.listWorkflows(ctx.namespace, {
    labelSelector: `${LABEL_CRON_WORKFLOW}=${name}`,
  });
  for (const wf of items) {
    const owned = wf.metadata.ownerReferences?.some((o) => o.kind === 'CronWorkflow' && o.name === name);
    if (owned) await ctx.client.deleteWorkflow(ctx.namespace, wf.metadata.name ?? '');
  }
}

export function registerCron(program: Command): void {
  const cmd = registerResourceCommands<CronWorkflow>(program, {
    command: 'cron',
    aliases: ['cronwf', 'cwf'],
    kind: 'CronWorkflow',
    description:
      'manage CronWorkflows (scheduled by `argosy controller` or `argosy server`, see docs/cron.md)',
    check: checkCron,
    afterDelete: deleteRuns,
    describe: (cron) => {
      const now = new Date();
      const next = nextRun(cron, now);
      const s = cron.status ?? {};
      return [
        ['Schedules:', schedulesOf(cron).join(',')],
        ...(cron.spec.timezone ? ([['Timezone:', cron.spec.timezone]] as Array<[string, string]>) : []),
        ['Suspended:', String(cron.spec.suspend === true)],
        ['StartingDeadlineSeconds:', String(cron.spec.startingDeadlineSeconds ?? 0)],
        ['ConcurrencyPolicy:', cron.spec.concurrencyPolicy || 'Allow'],
        ['Phase:', s.phase || 'Active'],
        ['LastScheduledTime:', s.lastScheduledTime ? String(s.lastScheduledTime) : 'N/A'],
        [
          'NextScheduledTime:',
          next && s.phase !== 'Stopped' ? next.toISOString().replace(/\.\d{3}Z$/, 'Z') : 'N/A',
        ],
        ['Active Workflows:', (s.active ?? []).map((a) => a.name).join(', ')],
        ['Succeeded:', String(s.succeeded ?? 0)],
        ['Failed:', String(s.failed ?? 0)],
        ...(s.conditions ?? []).map(
          (c) => ['Condition:', `${c.type}: ${c.message ?? ''}`] as [string, string],
        ),
      ];
    },
    columns: {
      header: ['AGE', 'LAST RUN', 'NEXT RUN', 'SCHEDULES', 'TIMEZONE', 'SUSPENDED'],
      row: (cron, now) => {
        const next = nextRun(cron, now);
        return [
          ago(cron.metadata.creationTimestamp, now),
          ago(cron.status?.lastScheduledTime, now),
          next ? durationShort((next.getTime() - now.getTime()) / 1000) : 'N/A',
          schedulesOf(cron).join(','),
          cron.spec.timezone ?? '',
          String(cron.spec.suspend === true),
        ];
      },
    },
  });
  for (const [verb, suspend] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    withServerOption(cmd.command(verb))
      .description(`${verb} scheduling of CronWorkflows`)
      .argument('<names...>', 'names')
      .option('-n, --namespace <ns>', 'namespace')
      .action(async (names: string[], opts: { namespace?: string; server?: string }) => {
        await withContext(opts, async (ctx) => {
          for (const name of names) {
            await ctx.resources.setCronSuspend(ctx.namespace, name, suspend);
            process.stdout.write(`CronWorkflow '${name}' ${suspend ? 'suspended' : 'resumed'}\n`);
          }
        });
      });
  }
}
