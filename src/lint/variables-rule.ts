/**
 * Unresolvable variables: each simple `{{...}}` tag in a template must resolve in the scope Argo
 * gives that place (see variable-scope.ts). Leaf templates are checked whole; steps and dag
 * templates per step/task (with the steps or tasks visible there) and in their outputs.
 * Expression tags (`{{= }}`) are checked for syntax only, as Argo does.
 */
import { findTags } from '../expr/tags/index.js';
import type { FieldPath } from '../spec/index.js';
import { taskDependencies } from './dag-rule.js';
import { asArray, asRecord, type Json, type Report, walkStrings } from './problem.js';
import type { Rule, RuleContext } from './rule.js';
import {
  buildGlobals,
  type Env,
  loopItems,
  mergeItems,
  type NodeInfo,
  type NodeLookup,
  templateEnv,
  unresolvable,
} from './variable-scope.js';
import {
  calledTemplate,
  callersOf,
  isLeaf,
  stepsOf,
  type TemplateView,
  tasksOf,
  templatesOf,
} from './workflow-view.js';

function checkStrings(value: unknown, path: FieldPath, env: Env, report: Report): void {
  walkStrings(value, path, (text, at) => {
    if (!text.includes('{{')) return;
    let tags: ReturnType<typeof findTags>;
    try {
      tags = findTags(text);
    } catch {
      return; // reported by the expressions rule
    }
    const seen = new Set<string>();
    for (const tag of tags) {
      if (tag.kind !== 'simple' || seen.has(tag.body)) continue;
      seen.add(tag.body);
      const reason = unresolvable(tag.body, env);
      if (reason) report(at, `cannot resolve {{${tag.body}}}: ${reason}`);
    }
  });
}

/** A step or task with an inline template also sees the inline template's own inputs, pod and retries. */
function withInline(node: Json, env: Env): Env {
  const inline = asRecord(node.inline);
  if (!inline) return env;
  const own = templateEnv(inline, env.tmplName, env.globals, env.retries);
  return {
    ...env,
    inputParameters: new Set([...env.inputParameters, ...own.inputParameters]),
    inputArtifacts: new Set([...env.inputArtifacts, ...own.inputArtifacts]),
    pod: env.pod || own.pod,
    retries: env.retries || own.retries,
  };
}

function hasExitHook(node: Json): boolean {
  return node.onExit !== undefined || asRecord(node.hooks)?.exit !== undefined;
}

function isLooped(node: Json): boolean {
  return node.withItems !== undefined || node.withParam !== undefined || node.withSequence !== undefined;
}

function checkSteps(t: TemplateView, base: Env, ctx: RuleContext, report: Report): void {
  const steps = stepsOf(t);
  const all = new Set(steps.map((s) => s.name));
  const visible = new Map<string, NodeInfo>();
  let item = base.item;
  for (const s of steps) {
    const tmpl = calledTemplate(s.step, ctx.local, ctx.catalog);
    const looped = isLooped(s.step);
    // Argo's validator keeps loop items in scope for the steps after a looped one; so do we.
    item = mergeItems(item, loopItems(s.step));
    const here = new Map(visible);
    here.set(s.name, { tmpl, looped, status: true, outputs: hasExitHook(s.step) });
    const env: Env = withInline(s.step, { ...base, item, steps: { visible: here, all } });
    checkStrings(s.step, s.path, env, report);
    visible.set(s.name, { tmpl, looped, status: true, outputs: true });
  }
  checkStrings(t.tmpl.outputs, [...t.path, 'outputs'], { ...base, steps: { visible, all } }, report);
}

/** Task name -> every task it (transitively) depends on; undefined when some `depends` does not parse. */
function ancestry(t: TemplateView): Map<string, Set<string>> | undefined {
  const direct = new Map<string, string[]>();
  for (const task of tasksOf(t)) {
    const deps = taskDependencies(task.task);
    if (deps.error) return undefined;
    direct.set(task.name, deps.names);
  }
  const out = new Map<string, Set<string>>();
  const visit = (name: string, seen: Set<string>) => {
    for (const dep of direct.get(name) ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      visit(dep, seen);
    }
  };
  for (const name of direct.keys()) {
    const seen = new Set<string>();
    visit(name, seen);
    out.set(name, seen);
  }
  return out;
}

function checkArgumentDependencies(
  task: Json,
  path: FieldPath,
  ancestors: Set<string>,
  report: Report,
): void {
  const args = asRecord(task.arguments);
  const check = (value: unknown, at: FieldPath, what: string) => {
    if (typeof value !== 'string' || !value.startsWith('{{tasks.')) return;
    const name = value.slice('{{tasks.'.length).split('.')[0] ?? '';
    if (!ancestors.has(name)) report(at, `${what} uses task "${name}", which this task does not depend on`);
  };
  asArray(args?.parameters).forEach((p, i) => {
    check(
      asRecord(p)?.value,
      [...path, 'arguments', 'parameters', i, 'value'],
      `parameter "${asRecord(p)?.name}"`,
    );
  });
  asArray(args?.artifacts).forEach((a, i) => {
    check(
      asRecord(a)?.from,
      [...path, 'arguments', 'artifacts', i, 'from'],
      `artifact "${asRecord(a)?.name}"`,
    );
  });
}

function checkDag(t: TemplateView, base: Env, ctx: RuleContext, report: Report): void {
  const tasks = tasksOf(t);
  const all = new Set(tasks.map((task) => task.name));
  const infos = new Map(
    tasks.map((task) => [task.name, calledTemplate(task.task, ctx.local, ctx.catalog)] as const),
  );
  const looped = new Map(tasks.map((task) => [task.name, isLooped(task.task)] as const));
  const ancestors = ancestry(t);
  for (const task of tasks) {
    const mine = ancestors?.get(task.name);
    // Computed per lookup: a map of every task for every task is quadratic (1,000 tasks: 1 M entries).
    const visible: NodeLookup = {
      get: (name) => {
        if (!all.has(name)) return undefined;
        const isAncestor = mine === undefined || mine.has(name);
        return {
          tmpl: infos.get(name),
          looped: isAncestor && (looped.get(name) ?? false),
          status: isAncestor || name === task.name,
          outputs: true,
        };
      },
    };
    const env = withInline(task.task, {
      ...base,
      item: loopItems(task.task),
      tasks: { visible, all, self: task.name },
    });
    checkStrings(task.task, task.path, env, report);
    if (mine) checkArgumentDependencies(task.task, task.path, mine, report);
  }
  const visible = new Map<string, NodeInfo>();
  for (const name of all)
    visible.set(name, {
      tmpl: infos.get(name),
      looped: looped.get(name) ?? false,
      status: true,
      outputs: true,
    });
  checkStrings(
    t.tmpl.outputs,
    [...t.path, 'outputs'],
    { ...base, tasks: { visible, all, self: '' } },
    report,
  );
}

export const variablesRule: Rule = {
  id: 'variables',
  check(ctx, report) {
    const view = ctx.view;
    if (!view) return;
    const templates = templatesOf(view);
    const usesRef = templates.some((t) => callersOf(t).some((c) => c.node.templateRef !== undefined));
    const globals = buildGlobals(view, usesRef);
    const retryDefault =
      view.spec.retryStrategy !== undefined ||
      asRecord(view.spec.templateDefaults)?.retryStrategy !== undefined;
    for (const t of templates) {
      const base = templateEnv(t.tmpl, t.name, globals, retryDefault);
      if (t.tmpl.steps !== undefined) checkSteps(t, base, ctx, report);
      else if (t.tmpl.dag !== undefined) checkDag(t, base, ctx, report);
      else if (isLeaf(t.tmpl)) checkStrings(t.tmpl, t.path, base, report);
    }
  },
};
