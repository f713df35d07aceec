/** api/: the resource service shared by the server and the CLI (admission, CRUD, workflow verbs, archive, tokens). */
export {
  ALL_NAMESPACES,
  createToken,
  isRole,
  listTokens,
  ROLES,
  type Role,
  revokeToken,
  type TokenGrant,
  verifyToken,
} from './access-tokens.js';
export * from './api-kinds.js';
export { Archiver, type ArchiverOptions } from './archive.js';
export { ArchivedWorkflows, asWorkflow } from './archived-workflows.js';
export {
  BODY_FIELD,
  ResourceService,
  type ResourceServiceOptions,
  type WriteOptions,
} from './resource-service.js';
export {
  parseParameters,
  type SubmitOptions,
  type VerbOptions,
  WorkflowActions,
  type WorkflowVerb,
} from './workflow-actions.js';
export { type LogEntry, streamWorkflowLogs, type WorkflowLogOptions } from './workflow-logs.js';
