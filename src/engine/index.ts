/**
 * engine/: the pure core. `reconcile(workflow, observations, now) -> { status, actions }`, plus the
 * pure operations the CLI applies to a stored workflow.
 */
export { prepareSubmission, type SubmissionOptions } from './cli/prepare-submission.js';
export { type RetryOptions, retryWorkflow } from './cli/retry-workflow.js';
export {
  type ResumeOptions,
  resumeWorkflow,
  stopWorkflow,
  suspendWorkflow,
  terminateWorkflow,
} from './cli/workflow-operations.js';
export { fnv32a, nodeIdOf, podNameOf } from './node-id.js';
export { effectiveSpec, reconcile } from './reconcile.js';
export { type Catalog, catalogOf, resolveRefs, storedTemplatesOf } from './template-refs.js';
export { TransformationError, transformData } from './templates/data-template.js';
export type {
  Action,
  DataObservation,
  HttpObservation,
  HttpRequest,
  ListArtifactPathsAction,
  Observation,
  ReconcileInput,
  ReconcileResult,
} from './types.js';
