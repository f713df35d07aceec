/**
 * Template inputs from arguments (value, default, enum), outputs of steps/DAG templates
 * (valueFrom.parameter / expression), and global outputs (globalName).
 */
import type { Vars } from '../expr/tags/index.js';
import type { Arguments, Artifact, Inputs, Outputs, Parameter, Template } from '../spec/types.js';
import {
  artifactRef,
  resolveInputArtifact,
  scopeArtifactOutputs,
  withDeclaredArtifacts,
} from './artifacts/index.js';
import type { Ctx } from './context.js';
import { substituteText, substituteValue } from './substitution.js';
import { inputVars, paramValue } from './vars.js';

export type InputsResult = { inputs: Inputs } | { error: string };

/** Resolves a template's inputs against the arguments passed to it; globals resolve tags in defaults. */
export function resolveInputs(tmpl: Template, args: Arguments | undefined, globals: Vars): InputsResult {
  const parameters: Parameter[] = [];
  for (const decl of tmpl.inputs?.parameters ?? []) {
    const arg = args?.parameters?.find((p) => p.name === decl.name);
    let value = arg ? paramValue(arg) : undefined;
    if (value === undefined) value = paramValue(decl);
    if (value === undefined && decl.default !== undefined) value = String(decl.default);
    if (value === undefined) return { error: `inputs.parameters.${decl.name} was not supplied` };
    try {
      value = substituteText(value, globals, true);
    } catch (err) {
      return { error: (err as Error).message };
    }
    const enumValues = decl.enum?.map(String);
    if (enumValues && enumValues.length > 0 && !enumValues.includes(value)) {
      return {
        error: `inputs.parameters.${decl.name}: value '${value}' is not in enum [${enumValues.join(', ')}]`,
      };
    }
    const resolved: Parameter = { name: decl.name, value };
    if (decl.enum) resolved.enum = decl.enum;
    if (decl.description) resolved.description = decl.description;
    parameters.push(resolved);
  }
  const artifacts: Artifact[] = [];
  for (const decl of tmpl.inputs?.artifacts ?? []) {
    const merged = resolveInputArtifact(
      decl,
      args?.artifacts?.find((a) => a.name === decl.name),
    );
    if ('error' in merged) return merged;
    // Tags in a hardwired location (`url: "{{inputs.parameters.url}}"`) resolve like the rest of the template.
    artifacts.push(substituteValue(merged, { ...globals, ...inputVars({ parameters }) }, true));
  }
  const inputs: Inputs = {};
  if (parameters.length > 0) inputs.parameters = parameters;
  if (artifacts.length > 0) inputs.artifacts = artifacts;
  return { inputs };
}

/** Outputs of a steps/DAG template from its scope: `valueFrom.parameter` tags and `valueFrom.expression`. */
export function scopeOutputs(tmpl: Template, scope: Vars): { outputs?: Outputs; error?: string } {
  const decls = tmpl.outputs?.parameters ?? [];
  const fromArtifacts = scopeArtifactOutputs(tmpl, scope);
  if (fromArtifacts.error) return { error: fromArtifacts.error };
  const artifacts = fromArtifacts.artifacts?.length ? { artifacts: fromArtifacts.artifacts } : {};
  if (decls.length === 0) return fromArtifacts.artifacts?.length ? { outputs: artifacts } : {};
  const parameters: Parameter[] = [];
  for (const decl of decls) {
    const from = decl.valueFrom;
    let value: string | undefined;
    try {
      if (from?.parameter !== undefined) value = substituteText(from.parameter, scope);
      else if (from?.expression !== undefined) value = substituteText(`{{=${from.expression}}}`, scope);
      else value = paramValue(decl);
    } catch (err) {
      if (from?.default === undefined) return { error: (err as Error).message };
    }
    if (value === undefined && from?.default !== undefined) value = String(from.default);
    if (value === undefined) return { error: `outputs.parameters.${decl.name}: no value` };
    const out: Parameter = { name: decl.name, value };
    if (decl.globalName) out.globalName = decl.globalName;
    if (decl.valueFrom) out.valueFrom = decl.valueFrom;
    parameters.push(out);
  }
  return { outputs: { parameters, ...artifacts } };
}

/** Copies parameters with a globalName into status.outputs and the `workflow.outputs.parameters.*` variables. */
export function publishGlobalOutputs(ctx: Ctx, outputs: Outputs | undefined): void {
  for (const p of outputs?.parameters ?? []) {
    if (!p.globalName) continue;
    const value = paramValue(p) ?? '';
    const current = ctx.status.outputs?.parameters ?? [];
    const others = current.filter((q) => q.name !== p.globalName);
    ctx.status.outputs = { ...ctx.status.outputs, parameters: [...others, { name: p.globalName, value }] };
    ctx.globals[`workflow.outputs.parameters.${p.globalName}`] = value;
  }
  for (const a of outputs?.artifacts ?? []) {
    if (!a.globalName) continue;
    const current = ctx.status.outputs?.artifacts ?? [];
    const others = current.filter((q) => q.name !== a.globalName);
    ctx.status.outputs = { ...ctx.status.outputs, artifacts: [...others, { ...a, name: a.globalName }] };
    ctx.globals[`workflow.outputs.artifacts.${a.globalName}`] = artifactRef({ ...a, name: a.globalName });
  }
}

/** Template output parameters declared with globalName, matched to the values a pod reported. */
export function withDeclaredOutputs(tmpl: Template | undefined, reported: Outputs): Outputs {
  const outputs = withDeclaredArtifacts(tmpl, reported);
  const decls = tmpl?.outputs?.parameters ?? [];
  if (decls.length === 0 || !outputs.parameters) return outputs;
  const parameters = outputs.parameters.map((p) => {
    const decl = decls.find((d) => d.name === p.name);
    if (!decl) return p;
    const out: Parameter = { ...p };
    if (decl.globalName) out.globalName = decl.globalName;
    if (decl.valueFrom) out.valueFrom = decl.valueFrom;
    return out;
  });
  return { ...outputs, parameters };
}
