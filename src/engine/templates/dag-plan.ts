/**
 * The static shape of a DAG template, computed once per template object: dependencies (from
 * `depends` or `dependencies`), dependents, target tasks and the tasks the targets need.
 */
import {
  type DependsAst,
  dependenciesToDepends,
  dependsTasks,
  parseDepends,
} from '../../expr/depends/index.js';
import type { DAGTask, Template } from '../../spec/types.js';
import { referencedNames } from '../vars.js';

export interface DagPlan {
  tasks: Map<string, DAGTask>;
  order: Map<string, number>;
  deps: Map<string, string[]>;
  ast: Map<string, DependsAst | null>;
  dependents: Map<string, string[]>;
  targets: string[];
  /** Targets and everything they depend on, transitively. */
  relevant: Set<string>;
  /** Task names each task's text refers to as `tasks.X` (to build only the variables it needs). */
  refs: Map<string, Set<string>>;
  /**
   * Tasks whose failure a dependent's `depends` tests for (`X.Failed`, `X.Errored`, `X.AllFailed`,
   * `X.AnySucceeded`): an outcome the DAG expects, so failFast does not stop on it.
   */
  handled: Set<string>;
}

const FAILURE_RESULTS = new Set(['Failed', 'Errored', 'AllFailed', 'AnySucceeded']);

/** Adds to out the tasks that ast tests for a failure result. */
function failureTests(ast: DependsAst, out: Set<string>): void {
  if (ast.kind === 'task') {
    if (ast.result !== null && FAILURE_RESULTS.has(ast.result)) out.add(ast.task);
  } else if (ast.kind === 'not') failureTests(ast.operand, out);
  else {
    failureTests(ast.left, out);
    failureTests(ast.right, out);
  }
}

const cache = new WeakMap<object, DagPlan | string>();

/** `dependencies: [a]` with continueOn on a: a's failures also satisfy (Argo's expandDependency). */
function dependsSource(task: DAGTask, tasks: Map<string, DAGTask>): string | undefined {
  if (task.depends) return task.depends;
  const deps = task.dependencies ?? [];
  if (deps.length === 0) return undefined;
  const parts = deps.map((d) => {
    const dep = tasks.get(d);
    const alts = [`${d}.Succeeded`, `${d}.Skipped`, `${d}.Daemoned`];
    if (dep?.continueOn?.failed) alts.push(`${d}.Failed`);
    if (dep?.continueOn?.error) alts.push(`${d}.Errored`);
    return alts.length === 3 ? d : `(${alts.join(' || ')})`;
  });
  return dependenciesToDepends(parts);
}

/** The plan, or a message saying what is wrong with the DAG. */
export function dagPlan(tmpl: Template): DagPlan | string {
  const list = tmpl.dag?.tasks ?? [];
  const cached = cache.get(list);
  if (cached) return cached;
  const plan = buildPlan(tmpl, list);
  cache.set(list, plan);
  return plan;
}

function buildPlan(tmpl: Template, list: DAGTask[]): DagPlan | string {
  const tasks = new Map<string, DAGTask>();
  const order = new Map<string, number>();
  list.forEach((t, i) => {
    tasks.set(t.name, t);
    order.set(t.name, i);
  });
  const deps = new Map<string, string[]>();
  const ast = new Map<string, DependsAst | null>();
  const dependents = new Map<string, string[]>();
  const refs = new Map<string, Set<string>>();
  const handled = new Set<string>();
  for (const task of list) {
    const source = dependsSource(task, tasks);
    let parsed: DependsAst | null = null;
    try {
      parsed = source ? parseDepends(source) : null;
    } catch (err) {
      return `task ${task.name}: ${(err as Error).message}`;
    }
    const names = parsed ? [...new Set(dependsTasks(parsed))] : [];
    for (const d of names) {
      if (!tasks.has(d)) return `task ${task.name} depends on unknown task ${d}`;
      const list2 = dependents.get(d) ?? [];
      list2.push(task.name);
      dependents.set(d, list2);
    }
    if (parsed) failureTests(parsed, handled);
    deps.set(task.name, names);
    ast.set(task.name, parsed);
    refs.set(task.name, referencedNames('tasks', task));
  }
  const target = tmpl.dag?.target?.trim();
  const targets = target ? target.split(/\s+/) : list.map((t) => t.name).filter((n) => !dependents.has(n));
  const relevant = new Set<string>();
  const stack = [...targets];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (relevant.has(name)) continue;
    if (!tasks.has(name)) return `target ${name} is not a task of the DAG`;
    relevant.add(name);
    stack.push(...(deps.get(name) ?? []));
  }
  return { tasks, order, deps, ast, dependents, targets, relevant, refs, handled };
}
