/**
 * `argosy event-binding create|get|list|delete|lint` (WorkflowEventBindings), and
 * `argosy event send NAMESPACE DISCRIMINATOR --payload JSON`: the CLI's equivalent of
 * `POST /api/v1/events/{namespace}/{discriminator}`.
 */
import type { Command } from 'commander';
import { ValidationError } from '../../errors/index.js';
import { expressionProblem } from '../../events/event-env.js';
import type { WorkflowEventBinding } from '../../spec/types.js';
import type { KindCheck } from '../../templates/create-resources.js';
import { withContext, withServerOption } from '../context.js';
import { registerResourceCommands } from './template.js';

/** The selector and every `valueFrom.event` parse. */
const checkBinding: KindCheck = async (doc) => {
  const binding = doc.value as unknown as WorkflowEventBinding;
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  const selector = binding.spec?.event?.selector;
  const bad = typeof selector === 'string' ? expressionProblem(selector) : undefined;
  if (bad) out.push({ path: ['spec', 'event', 'selector'], message: `invalid selector: ${bad}` });
  (binding.spec?.submit?.arguments?.parameters ?? []).forEach((p, i) => {
    const source = p.valueFrom?.event;
    const problem = source ? expressionProblem(source) : undefined;
    if (problem) {
      out.push({
        path: ['spec', 'submit', 'arguments', 'parameters', i, 'valueFrom', 'event'],
        message: `invalid expression: ${problem}`,
      });
    }
  });
  return out;
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationError('--payload', `not JSON: ${(err as Error).message}`);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerEvent(program: Command): void {
  registerResourceCommands<WorkflowEventBinding>(program, {
    command: 'event-binding',
    aliases: ['wfeb'],
    kind: 'WorkflowEventBinding',
    description: 'manage WorkflowEventBindings (events submit WorkflowTemplates, see docs/events.md)',
    check: checkBinding,
    describe: (b) => [
      ['Selector:', b.spec.event.selector],
      [
        'Submits:',
        `${b.spec.submit?.workflowTemplateRef.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate'}/${b.spec.submit?.workflowTemplateRef.name ?? ''}`,
      ],
    ],
  });
  const send = program.command('event').description('send events to WorkflowEventBindings').command('send');
  withServerOption(send)
    .description(
      'send an event, as POST /api/v1/events/NAMESPACE/DISCRIMINATOR does; prints the Workflows it submitted',
    )
    .argument('<namespace>', 'namespace of the bindings')
    .argument('<discriminator>', 'the discriminator (last segment of the event URL)')
    .option('--payload <json>', 'the event body (JSON)', '{}')
    .option(
      '-H, --metadata <name=value>',
      'a header, as the REST call would carry it (repeatable)',
      collect,
      [],
    )
    .action(
      async (
        namespace: string,
        discriminator: string,
        opts: { payload: string; metadata: string[]; server?: string },
      ) => {
        const payload = parseJson(opts.payload);
        const metadata: Record<string, string[]> = {};
        for (const pair of opts.metadata) {
          const i = pair.indexOf('=');
          if (i <= 0) throw new ValidationError('--metadata', `expected name=value, got "${pair}"`);
          const key = pair.slice(0, i).toLowerCase();
          metadata[key] = [...(metadata[key] ?? []), pair.slice(i + 1)];
        }
        await withContext({ namespace, server: opts.server }, async (ctx) => {
          const result = await ctx.resources.sendEvent(namespace, discriminator, payload, metadata);
          for (const name of result.submitted) process.stdout.write(`${name}\n`);
          for (const e of result.errors)
            process.stderr.write(`WorkflowEventBinding/${e.binding}: ${e.message}\n`);
          if (result.submitted.length > 0) ctx.client.afterChange();
          if (result.errors.length > 0) process.exitCode = 1;
        });
      },
    );
}
