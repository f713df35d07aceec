/**
 * cron/: CronWorkflow scheduling. `CronController` is the reconciler a long-lived process runs beside
 * the WorkflowController (see src/cli/run-controller.ts); the rest is pure and clock-free.
 */
export { CronController, type CronControllerOptions } from './cron-controller.js';
export { type CronDecision, decideCron } from './cron-decide.js';
export { evaluateCronCondition } from './cron-expressions.js';
export { schedulesOf } from './cron-types.js';
export { compileSchedules, lastRunBetween, nextRun, nextRunOf, type Schedule } from './next-run.js';
export { cronWorkflowRunName, workflowFromCron } from './workflow-from-cron.js';
