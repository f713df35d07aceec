/**
 * DAG templates: at least one task; `dependencies` and `depends` name tasks of the same DAG, are not
 * mixed, and form no cycle; `depends` parses; items-based results only on looped tasks; targets exist.
 */
import { type DependsAst, dependsTasks, parseDepends } from '../expr/depends/index.js';
import type { FieldPath } from '../spec/index.js';
import { asArray, asRecord, hasTag, type Json, type Report } from './problem.js';
import type { Rule } from './rule.js';
import { type TaskView, type TemplateView, tasksOf, templatesOf } from './workflow-view.js';

export interface TaskDependencies {
  /** Names of the tasks this task waits for, in order of appearance. */
  names: string[];
  /** The field they came from. */
  field: 'depends' | 'dependencies' | undefined;
  ast?: DependsAst;
  /** Why `depends` does not parse. */
  error?: string;
}

export function taskDependencies(task: Json): TaskDependencies {
  const depends = task.depends;
  if (typeof depends === 'string' && depends.trim() !== '') {
    if (hasTag(depends)) return { names: [], field: 'depends' };
    try {
      const ast = parseDepends(depends);
      return { names: dependsTasks(ast), field: 'depends', ast };
    } catch (err) {
      return { names: [], field: 'depends', error: err instanceof Error ? err.message : String(err) };
    }
  }
  const list = asArray(task.dependencies).filter((d): d is string => typeof d === 'string');
  return { names: list, field: list.length > 0 ? 'dependencies' : undefined };
}

function itemsResults(ast: DependsAst | undefined, out: Array<{ task: string; result: string }> = []) {
  if (!ast) return out;
  if (ast.kind === 'task') {
    if (ast.result === 'AnySucceeded' || ast.result === 'AllFailed')
      out.push({ task: ast.task, result: ast.result });
  } else if (ast.kind === 'not') {
    itemsResults(ast.operand, out);
  } else {
    itemsResults(ast.left, out);
    itemsResults(ast.right, out);
  }
  return out;
}

function isLooped(task: Json): boolean {
  return task.withItems !== undefined || task.withParam !== undefined || task.withSequence !== undefined;
}

/** The first cycle, as task names from its start back to its start. */
export function findCycle(order: string[], edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    state.set(name, 'open');
    stack.push(name);
    for (const next of edges.get(name) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (seen === undefined && edges.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of order) {
    if (state.has(name)) continue;
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

function checkTask(
  task: TaskView,
  deps: TaskDependencies,
  byName: Map<string, Json>,
  usesDepends: boolean,
  report: Report,
) {
  const field: FieldPath = [...task.path, deps.field ?? 'depends'];
  if (deps.error) report(field, `invalid depends: ${deps.error}`);
  if (usesDepends && deps.field === 'dependencies') {
    report(field, "cannot use both 'depends' and 'dependencies' in the same DAG template");
  }
  if (usesDepends && task.task.continueOn !== undefined) {
    report(
      [...task.path, 'continueOn'],
      "cannot use 'continueOn' in a DAG that uses 'depends'; use 'task.Failed' or 'task.Errored'",
    );
  }
  if (deps.field !== undefined && /^[0-9]/.test(task.name)) {
    report(
      [...task.path, 'name'],
      `task name "${task.name}" cannot begin with a digit when using 'depends' or 'dependencies'`,
    );
  }
  for (const name of deps.names) {
    if (byName.has(name)) continue;
    const index = asArray(task.task.dependencies).indexOf(name);
    report(
      deps.field === 'dependencies' ? [...field, index] : field,
      `dependency "${name}" is not a task of this DAG`,
    );
  }
  for (const { task: dep, result } of itemsResults(deps.ast)) {
    const target = byName.get(dep);
    if (target && !isLooped(target)) {
      report(field, `"${dep}.${result}" needs task "${dep}" to have withItems, withParam or withSequence`);
    }
  }
}

function checkDag(t: TemplateView, report: Report): void {
  const dag = asRecord(t.tmpl.dag);
  if (!dag) return;
  const tasks = tasksOf(t);
  if (tasks.length === 0) {
    report([...t.path, 'dag'], `dag template "${t.name}" must have at least one task`);
    return;
  }
  const byName = new Map(tasks.map((task) => [task.name, task.task] as const));
  const deps = tasks.map((task) => taskDependencies(task.task));
  const usesDepends = deps.some((d) => d.field === 'depends');
  tasks.forEach((task, i) => {
    checkTask(task, deps[i] ?? { names: [], field: undefined }, byName, usesDepends, report);
  });

  const edges = new Map(
    tasks.map((task, i) => [task.name, (deps[i]?.names ?? []).filter((n) => byName.has(n))] as const),
  );
  const cycle = findCycle(
    tasks.map((task) => task.name),
    edges,
  );
  if (cycle) {
    const index = tasks.findIndex((task) => task.name === cycle[0]);
    const task = tasks[index];
    const field = deps[index]?.field ?? 'depends';
    if (task) report([...task.path, field], `dependency cycle ${cycle.join(' -> ')}`);
  }

  const target = dag.target;
  if (typeof target === 'string' && target.trim() !== '') {
    for (const name of target.trim().split(/\s+/)) {
      if (!hasTag(name) && !byName.has(name))
        report([...t.path, 'dag', 'target'], `target "${name}" is not a task of this DAG`);
    }
  }
}

export const dagRule: Rule = {
  id: 'dag',
  check(ctx, report) {
    if (!ctx.view) return;
    for (const t of templatesOf(ctx.view)) checkDag(t, report);
  },
};
