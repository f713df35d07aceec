/** Types of the depends package (re-exported from ./index.ts). */

export type DependsAst =
  | { kind: 'task'; task: string; result: DependsResult | null }
  | { kind: 'not'; operand: DependsAst }
  | { kind: 'and' | 'or'; left: DependsAst; right: DependsAst };

/** `A` alone (result null) means Succeeded || Skipped || Daemoned. */
export type DependsResult =
  | 'Succeeded'
  | 'Failed'
  | 'Errored'
  | 'Skipped'
  | 'Omitted'
  | 'Daemoned'
  | 'AnySucceeded'
  | 'AllFailed';

export const DEPENDS_RESULTS: readonly DependsResult[] = [
  'Succeeded',
  'Failed',
  'Errored',
  'Skipped',
  'Omitted',
  'Daemoned',
  'AnySucceeded',
  'AllFailed',
];

/** What the engine knows about a dependency task when evaluating. */
export interface TaskOutcome {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Skipped' | 'Omitted';
  daemoned?: boolean;
  /** Phases of the children of an expanded task (withItems/withParam), for AnySucceeded / AllFailed. */
  childPhases?: string[];
}
