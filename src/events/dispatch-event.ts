/**
 * An event (REST `POST /api/v1/events/{namespace}/{discriminator}`, or `argosy event send`) against
 * the namespace's WorkflowEventBindings, as Argo's event dispatcher does: each binding whose
 * `spec.event.selector` is true submits the WorkflowTemplate (or ClusterWorkflowTemplate) of
 * `spec.submit.workflowTemplateRef`, with `spec.submit.arguments` whose `valueFrom.event`
 * expressions are evaluated on the event, and `spec.submit.metadata` labels and annotations.
 * One binding's failure (a bad selector, a missing template) does not stop the others: it is
 * returned with its binding's name.
 */
import type { Parameter, Workflow, WorkflowEventBinding } from '../spec/types.js';
import type { Store } from '../store/index.js';
import {
  LABEL_CLUSTER_WORKFLOW_TEMPLATE,
  LABEL_WORKFLOW_EVENT_BINDING,
  LABEL_WORKFLOW_TEMPLATE,
} from '../templates/labels.js';
import { prepareWorkflow } from '../templates/prepare-workflow.js';
import type { WorkflowDefaults } from '../templates/workflow-defaults.js';
import { type EventInput, eventValue, selects } from './event-env.js';

export interface DispatchResult {
  /** The Workflows created, in binding-name order. */
  submitted: Workflow[];
  /** Bindings that matched nothing are absent; these failed. */
  errors: Array<{ binding: string; message: string }>;
}

export interface DispatchOptions {
  /** The controller configuration's workflowDefaults, merged under every Workflow submitted. */
  workflowDefaults?: WorkflowDefaults;
}

function workflowFor(
  binding: WorkflowEventBinding,
  namespace: string,
  event: EventInput,
): Workflow | undefined {
  const submit = binding.spec.submit;
  if (!submit) return undefined;
  const ref = submit.workflowTemplateRef;
  const cluster = ref.clusterScope === true;
  const parameters: Parameter[] = (submit.arguments?.parameters ?? []).map((p) => {
    const { valueFrom, ...rest } = p;
    if (valueFrom?.event) return { ...rest, value: eventValue(valueFrom.event, event) };
    return valueFrom ? { ...rest, valueFrom } : rest;
  });
  const wf: Workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      generateName: `${ref.name}-`,
      namespace,
      labels: {
        ...(submit.metadata?.labels ?? {}),
        [cluster ? LABEL_CLUSTER_WORKFLOW_TEMPLATE : LABEL_WORKFLOW_TEMPLATE]: ref.name ?? '',
        [LABEL_WORKFLOW_EVENT_BINDING]: binding.metadata.name ?? '',
      },
      annotations: { ...(submit.metadata?.annotations ?? {}) },
    },
    spec: {
      workflowTemplateRef: cluster ? { name: ref.name, clusterScope: true } : { name: ref.name },
      ...(parameters.length > 0 ? { arguments: { ...submit.arguments, parameters } } : {}),
    },
  };
  if (submit.metadata?.name) {
    wf.metadata.name = submit.metadata.name;
    delete wf.metadata.generateName;
  } else if (submit.metadata?.generateName) wf.metadata.generateName = submit.metadata.generateName;
  return wf;
}

export async function dispatchEvent(
  store: Store,
  namespace: string,
  discriminator: string,
  payload: unknown,
  metadata: Record<string, string[]> = {},
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const event: EventInput = {
    payload,
    discriminator,
    metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const { items } = await store.list<WorkflowEventBinding>('WorkflowEventBinding', { namespace });
  items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const result: DispatchResult = { submitted: [], errors: [] };
  for (const binding of items) {
    const name = binding.metadata.name ?? '';
    try {
      if (!selects(binding.spec.event.selector, event)) continue;
      const wf = workflowFor(binding, namespace, event);
      if (!wf) continue;
      const resolved = await prepareWorkflow(store, wf, { workflowDefaults: options.workflowDefaults });
      result.submitted.push(await store.create(resolved));
    } catch (err) {
      result.errors.push({ binding: name, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
