/**
 * `{{ x }}` and `{{= expr }}` tags, with Argo's substitution rules. Public entry of src/expr/tags.
 */
export { workflowCreationTimestampVars } from './creation-timestamp.js';
export { buildExprEnv, type EnvMap } from './expr-env.js';
export { findTags, hasTags } from './find-tags.js';
export { substitute, substituteDeep, UnresolvedTagError } from './substitute.js';
export type { SubstituteOptions, Tag, Vars } from './tag-types.js';
export { tagVariables } from './tag-variables.js';
