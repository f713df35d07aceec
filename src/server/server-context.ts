/** What every route module gets: the API services over one store, and the server's settings. */
import type { ArchivedWorkflows, ResourceService, WorkflowActions } from '../api/index.js';
import type { Store } from '../store/index.js';
import type { WorkflowDefaults } from '../templates/workflow-defaults.js';

export interface ServerContext {
  store: Store;
  resources: ResourceService;
  actions: WorkflowActions;
  archive: ArchivedWorkflows;
  managedNamespace?: string;
  version: string;
  /** ARGOSY_HOME: the local artifact repository and the configuration file (artifact downloads). */
  home?: string;
  /** The controller configuration's workflowDefaults (events submit Workflows with them too). */
  workflowDefaults?: WorkflowDefaults;
}
