/**
 * The executor library (ARCHITECTURE.md decision 4): loads input artifacts before a pod starts and
 * saves output artifacts after it ends, on host paths, for every runtime.
 */
export { deleteArtifacts } from './delete-artifacts.js';
export { listArtifactPaths } from './list-artifact-paths.js';
export { inputLocation, loadInputArtifacts, repositoryOf } from './load-inputs.js';
export { loadNodeArtifacts, type NodeArtifactRequest } from './load-node-artifact.js';
export {
  type SavedArtifact,
  type SavedOutputs,
  type SavingPlan,
  saveOutputArtifacts,
} from './save-outputs.js';
export {
  type ExecutorOptions,
  type ExecutorServices,
  executorServices,
  type NamespacedSecretReader,
  type PathAccess,
} from './services.js';
