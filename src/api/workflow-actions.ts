/**
 * The workflow verbs of Argo's WorkflowService beyond CRUD: suspend, resume, stop, terminate, retry,
 * resubmit, set, and submit from a WorkflowTemplate / ClusterWorkflowTemplate / CronWorkflow. Each
 * applies a pure engine operation to the stored workflow (read-modify-write); a controller does the rest.
 */
import {
  prepareSubmission,
  resumeWorkflow,
  retryWorkflow,
  stopWorkflow,
  suspendWorkflow,
  terminateWorkflow,
} from '../engine/index.js';
import { ValidationError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { ResourceReader } from '../store/index.js';
import { workflowFrom } from '../templates/submit-from.js';
import { ARGO_API_VERSION, LABEL_RESUBMITTED_FROM, type ServedKind } from './api-kinds.js';
import type { ResourceService } from './resource-service.js';
import { setWorkflowNodes } from './workflow-set.js';

export interface SubmitOptions {
  entryPoint?: string;
  /** `name=value` strings. */
  parameters?: string[];
  /** `k=v,k2=v2`. */
  labels?: string;
  annotations?: string;
  generateName?: string;
  name?: string;
  serviceAccount?: string;
  dryRun?: boolean;
  serverDryRun?: boolean;
}

export type WorkflowVerb = 'suspend' | 'resume' | 'stop' | 'terminate' | 'retry' | 'set';

export interface VerbOptions {
  nodeFieldSelector?: string;
  message?: string;
  restartSuccessful?: boolean;
  /** set: the new phase of the selected nodes. */
  phase?: string;
  /** set: a JSON object of output parameter values. */
  outputParameters?: string;
}

/** `name=value` strings as a map; a missing `=` is a ValidationError naming the field. */
export function parseParameters(values: unknown, field: string): Record<string, string> {
  if (values === undefined || values === null) return {};
  if (!Array.isArray(values)) throw new ValidationError(field, 'must be a list of "name=value" strings');
  const out: Record<string, string> = {};
  values.forEach((v, i) => {
    const text = String(v);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new ValidationError(`${field}[${i}]`, `"${text}" is not of the form name=value`);
    out[text.slice(0, eq)] = text.slice(eq + 1);
  });
  return out;
}

function parsePairs(text: string | undefined, field: string): Record<string, string> {
  if (!text) return {};
  return parseParameters(
    text.split(',').filter((s) => s.trim() !== ''),
    field,
  );
}

export class WorkflowActions {
  constructor(private readonly resources: ResourceService) {}

  async apply(
    namespace: string,
    name: string,
    verb: WorkflowVerb,
    opts: VerbOptions = {},
  ): Promise<Workflow> {
    return this.resources.mutate<Workflow>('Workflow', namespace, name, (wf) => {
      switch (verb) {
        case 'suspend':
          return suspendWorkflow(wf);
        case 'resume':
          return resumeWorkflow(wf, { nodeFieldSelector: opts.nodeFieldSelector });
        case 'stop':
          return stopWorkflow(wf, opts.message);
        case 'terminate':
          return terminateWorkflow(wf);
        case 'retry':
          return retryWorkflow(wf, {
            restartSuccessful: opts.restartSuccessful === true,
            nodeFieldSelector: opts.nodeFieldSelector,
          });
        case 'set':
          return setWorkflowNodes(wf, opts);
      }
    });
  }

  /** A new workflow with the spec of an existing (or archived) one, through admission. */
  async resubmit(old: Workflow, parameters: Record<string, string> = {}): Promise<Workflow> {
    const name = old.metadata.name ?? '';
    const fresh: Workflow = {
      apiVersion: ARGO_API_VERSION,
      kind: 'Workflow',
      metadata: {
        generateName: `${name}-`,
        namespace: old.metadata.namespace,
        labels: { ...stripControllerLabels(old.metadata.labels), [LABEL_RESUBMITTED_FROM]: name },
        annotations: old.metadata.annotations,
      },
      spec: old.spec,
    };
    return this.resources.create<Workflow>(
      'Workflow',
      old.metadata.namespace ?? '',
      prepareSubmission(fresh, { parameters }),
    );
  }

  /** POST /api/v1/workflows/{ns}/submit: a Workflow from a template or a CronWorkflow. */
  async submitFrom(
    namespace: string,
    resourceKind: unknown,
    resourceName: unknown,
    opts: SubmitOptions = {},
  ): Promise<Workflow> {
    if (typeof resourceName !== 'string' || resourceName === '') {
      throw new ValidationError('resourceName', 'resourceName is required');
    }
    checkSubmitOptions(opts);
    const labels = parsePairs(opts.labels, 'submitOptions.labels');
    // The same Workflow `argosy submit --from` builds (src/templates/submit-from.ts).
    const reader: ResourceReader = {
      get: (kind, ns, name) => this.resources.get(kind as ServedKind, ns, name),
      list: (kind, options) => this.resources.list(kind as ServedKind, options ?? {}),
    };
    let wf: Workflow;
    try {
      wf = await workflowFrom(reader, `${String(resourceKind ?? '')}/${resourceName}`, namespace);
    } catch (err) {
      if (!(err instanceof ValidationError) || err.path !== '--from') throw err;
      throw new ValidationError(
        'resourceKind',
        `"${String(resourceKind ?? '')}" is not a kind to submit from: use WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow`,
      );
    }
    wf.metadata.labels = { ...(wf.metadata.labels ?? {}), ...labels };
    const annotations = parsePairs(opts.annotations, 'submitOptions.annotations');
    if (Object.keys(annotations).length > 0)
      wf.metadata.annotations = { ...(wf.metadata.annotations ?? {}), ...annotations };
    if (opts.name) {
      wf.metadata.name = opts.name;
      delete wf.metadata.generateName;
    } else if (opts.generateName) wf.metadata.generateName = opts.generateName;
    if (opts.serviceAccount) wf.spec.serviceAccountName = opts.serviceAccount;
    const prepared = prepareSubmission(wf, {
      parameters: parseParameters(opts.parameters, 'submitOptions.parameters'),
      entrypoint: opts.entryPoint,
    });
    return this.resources.create<Workflow>('Workflow', namespace, prepared, {
      dryRun: opts.dryRun === true || opts.serverDryRun === true,
    });
  }
}

const STRING_OPTIONS = [
  'entryPoint',
  'labels',
  'annotations',
  'generateName',
  'name',
  'serviceAccount',
] as const;

/** submitOptions come from a request body: wrong types are 400s naming the field, not crashes. */
function checkSubmitOptions(opts: SubmitOptions): void {
  const raw = opts as Record<string, unknown>;
  for (const key of STRING_OPTIONS) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') {
      throw new ValidationError(`submitOptions.${key}`, 'must be a string');
    }
  }
  for (const key of ['dryRun', 'serverDryRun'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean') {
      throw new ValidationError(`submitOptions.${key}`, 'must be true or false');
    }
  }
}

function stripControllerLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k === 'workflows.argoproj.io/completed' || k === 'workflows.argoproj.io/phase') continue;
    if (k === 'workflows.argoproj.io/workflow-archiving-status') continue;
    out[k] = v;
  }
  return out;
}
