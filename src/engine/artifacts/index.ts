export {
  type ArtifactGCStrategy,
  artifactsToCollect,
  type CollectableArtifact,
  type DeleteArtifactsAction,
  repositoryOfWorkflow,
} from './artifact-gc.js';
export { resolveArtifactExpressions, resolveInputArtifact } from './artifact-inputs.js';
export { scopeArtifactOutputs, withDeclaredArtifacts } from './artifact-outputs.js';
export {
  artifactRef,
  hasLocation,
  inputArtifactVars,
  outputArtifactVars,
  outputPathVars,
  parseArtifactRef,
} from './artifact-refs.js';
export {
  type ArtifactRepositoryRefStatus,
  DEFAULT_KEY_FORMAT,
  repositoryPlan,
} from './artifact-repository.js';
