/**
 * lint/: `argosy lint` without the CLI wiring. Checks Workflow, WorkflowTemplate,
 * ClusterWorkflowTemplate, CronWorkflow and WorkflowEventBinding documents the way Argo's validator
 * does, offline: references resolve among all the files linted together.
 */
export { cronScheduleError, isTimeZone } from './cron-syntax.js';
export { isDurationOrSeconds, isGoDuration } from './duration-syntax.js';
export {
  formatJson,
  formatProblem,
  formatText,
  type LintOptions,
  lintDocuments,
  lintFiles,
  RULES,
  type RunLintOptions,
  runLint,
} from './lint.js';
export type { LintProblem, LintReport } from './problem.js';
export type { Rule, RuleContext } from './rule.js';
