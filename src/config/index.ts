export type { ArtifactRepository, ControllerConfig, WorkflowDefaults } from './controller-config.js';
export { CONFIG_FILE_NAME, loadControllerConfig, parseControllerConfig } from './load-config.js';
export { validateRepository } from './validate-config.js';
