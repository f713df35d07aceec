/**
 * What Argo gives the examples that do not simply succeed, the runnable-looking examples this test
 * does not run, and the ones a person would resume. Keys are file paths relative to the examples
 * directory. Argo's own label `workflows.argoproj.io/no-test` on an example says why Argo's CI does
 * not run it ("expected-failure", "duration", "environment", "flaky"); examples without it are
 * run by Argo's CI and must succeed.
 */

export type Phase = 'Succeeded' | 'Failed' | 'Error';

export interface Expectation {
  /** The phase Argo gives it, or the phases it may give an example that exits at random by design. */
  phase: Phase | Phase[];
  why: string;
}

const RANDOM: Phase[] = ['Succeeded', 'Failed'];

/** Examples meant to end other than Succeeded on Argo. Every other runnable example must succeed. */
export const EXPECTED_PHASE: Record<string, Expectation> = {
  'custom-metrics.yaml': { phase: RANDOM, why: 'its `flakey` step exits 1 66% of the time (no-test: flaky)' },
  'resubmit.yaml': {
    phase: RANDOM,
    why: 'each step fails 33% of the time, to demonstrate `argo resubmit --memoized`',
  },
  'template-defaults.yaml': {
    phase: RANDOM,
    why: 'a step failing 66% per attempt, retried twice by templateDefaults (no-test: expected-failure)',
  },
  'work-avoidance.yaml': {
    phase: RANDOM,
    why: 'each of its three steps exits 1 half the time, without retries (no-test: environment)',
  },
  'retry-on-error.yaml': { phase: RANDOM, why: 'exits non-zero 80% of the time with only 2 retries' },
  'retry-container.yaml': {
    phase: RANDOM,
    why: 'fails 66% per attempt; 10 retries make success very likely',
  },
  'retry-script.yaml': { phase: RANDOM, why: 'fails 66% per attempt; 10 retries make success very likely' },
  'retry-backoff.yaml': { phase: RANDOM, why: 'fails 66% per attempt; 10 retries make success very likely' },
  'retry-with-steps.yaml': {
    phase: RANDOM,
    why: 'three steps failing 66% per attempt; 10 retries each make success very likely',
  },
  'dag-continue-on-fail.yaml': {
    phase: 'Failed',
    why: 'task E fails with no continueOn, so G is omitted on a failed branch (no-test: expected-failure)',
  },
  'dag-disable-failFast.yaml': {
    phase: 'Failed',
    why: 'task C always exits 2 and exhausts its 3 retries; failFast: false only lets B, D, E finish first',
  },
  'dag-task-level-timeout.yaml': {
    phase: 'Failed',
    why: "task B's template timeout (10s) kills its 15 s sleep (no-test: expected-failure)",
  },
  'exit-handlers.yaml': {
    phase: 'Failed',
    why: 'the entrypoint is intentional-fail; the exit handler runs and reports it (no-test: expected-failure)',
  },
  'loops-arbitrary-sequential-steps.yaml': {
    phase: 'Failed',
    why: 'the 4th item exits 1 ("will fail and stop here"); failFast stops the loop',
  },
  'pod-gc-strategy.yaml': { phase: 'Failed', why: 'its `fail` step exits 1 to show which pods GC deletes' },
  'pod-gc-strategy-with-label-selector.yaml': {
    phase: 'Failed',
    why: 'its `fail` step exits 1 to show which pods GC deletes',
  },
  'retry-conditional.yaml': {
    phase: 'Failed',
    why: 'the script exits 1 or 2; the expression retries only exit codes > 1, so an exit 1 always ends it Failed',
  },
  'step-level-timeout.yaml': {
    phase: 'Failed',
    why: 'both steps time out (10s < 30 s sleep): a Failed pod; sleep1 continues on error only, not on failed',
  },
  'timeouts-step.yaml': {
    phase: 'Failed',
    why: 'activeDeadlineSeconds: 10 stops `sleep 1d` (no-test: expected-failure)',
  },
};

/** Examples the classifier would run but this test skips, with the reason. */
export const NOT_RUN: Record<string, string> = {
  'forever.yaml': 'runs ~17 minutes by design (a log-streaming demo; no-test: duration)',
  'colored-logs.yaml': 'runs 100 s by design (prints a line a second; no-test: duration)',
  'parallelism-nested-workflow.yaml':
    'runs over 2 minutes by design (four sequential 30 s sleeps; no-test: duration)',
  'conditionals.yaml': 'command `cowsay` (inside its sh -c script) not on this host',
  'exit-handler-slack.yaml': 'needs network: its exit handler posts to a Slack webhook with curl',
};

/** Examples that suspend until a person resumes them: the test resumes their matching nodes. */
export const RESUME: Record<
  string,
  { nodeFieldSelector?: string; outputParameters?: Record<string, string> }
> = {
  'suspend-template.yaml': { nodeFieldSelector: 'displayName=approve' },
  'suspend-template-outputs.yaml': { outputParameters: { message: 'approved by the argo examples test' } },
};
