/**
 * Output artifacts that are not files of a pod: those of steps and DAG templates (`from`, or
 * `fromExpression` for conditional artifacts), and the declared fields (globalName) of a pod's.
 */
import type { Vars } from '../../expr/tags/index.js';
import type { Artifact, Outputs, Template } from '../../spec/types.js';
import { substituteText } from '../substitution.js';
import { parseArtifactRef } from './artifact-refs.js';

/** Outputs.artifacts of a steps/DAG template, from its scope. */
export function scopeArtifactOutputs(
  tmpl: Template,
  scope: Vars,
): { artifacts?: Artifact[]; error?: string } {
  const decls = tmpl.outputs?.artifacts ?? [];
  if (decls.length === 0) return {};
  const artifacts: Artifact[] = [];
  for (const decl of decls) {
    const source = decl.fromExpression ? `{{=${decl.fromExpression}}}` : decl.from;
    if (!source) continue;
    let fields: Record<string, unknown> | undefined;
    try {
      fields = parseArtifactRef(substituteText(source, scope));
    } catch (err) {
      if (decl.optional) continue;
      return { error: `outputs.artifacts.${decl.name}: ${(err as Error).message}` };
    }
    if (!fields) {
      if (decl.optional) continue;
      return { error: `Unable to resolve: ${source} (outputs.artifacts.${decl.name})` };
    }
    const { from: _f, fromExpression: _e, ...rest } = decl;
    artifacts.push({ ...rest, ...fields } as Artifact);
  }
  return { artifacts };
}

/** A pod's reported artifacts with what their declarations add (globalName, optional). */
export function withDeclaredArtifacts(tmpl: Template | undefined, outputs: Outputs): Outputs {
  const decls = tmpl?.outputs?.artifacts ?? [];
  if (decls.length === 0 || !outputs.artifacts) return outputs;
  const artifacts = outputs.artifacts.map((a) => {
    const decl = decls.find((d) => d.name === a.name);
    if (!decl?.globalName) return a;
    return { ...a, globalName: decl.globalName };
  });
  return { ...outputs, artifacts };
}
