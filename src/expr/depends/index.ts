/**
 * `depends:` logic (Argo's enhanced depends). Public entry of src/expr/depends.
 */
export {
  DEPENDS_RESULTS,
  type DependsAst,
  type DependsResult,
  type TaskOutcome,
} from './depends-types.js';
export {
  dependenciesToDepends,
  dependsComplete,
  dependsTasks,
  evaluateDepends,
  taskFulfilled,
  taskResult,
} from './evaluate-depends.js';
export { parseDepends } from './parse-depends.js';
