/**
 * Input artifacts of a template from the arguments passed to it: `from` (a reference to another
 * node's output), `fromExpression` (an expression choosing one), or a location of their own; the
 * declaration's location (a hardwired artifact) when no argument is given. A required artifact with
 * no location fails the node with Argo's `inputs.artifacts.X was not supplied`.
 */
import type { Vars } from '../../expr/tags/index.js';
import type { Arguments, Artifact } from '../../spec/types.js';
import { substituteText } from '../substitution.js';
import { hasLocation, parseArtifactRef, withoutLocation } from './artifact-refs.js';

/** Evaluates `fromExpression` of each artifact argument into `from` (a reference), in the step's scope. */
export function resolveArtifactExpressions(args: Arguments | undefined, vars: Vars): Arguments | undefined {
  if (!args?.artifacts?.some((a) => a.fromExpression)) return args;
  const artifacts = args.artifacts.map((a) => {
    if (!a.fromExpression) return a;
    const { fromExpression, ...rest } = a;
    return { ...rest, from: substituteText(`{{=${fromExpression}}}`, vars) };
  });
  return { ...args, artifacts };
}

/** One input artifact: the declaration merged with its argument, `from` resolved. */
export function resolveInputArtifact(
  decl: Artifact,
  arg: Artifact | undefined,
): Artifact | { error: string } {
  let merged: Artifact = decl;
  if (arg) {
    const { from, fromExpression: _e, ...rest } = arg;
    const base = hasLocation(arg) || from ? withoutLocation(decl) : decl;
    merged = { ...base, ...rest, name: decl.name };
    if (from !== undefined && from !== '') {
      const fields = parseArtifactRef(from);
      if (!fields) return { error: `Unable to resolve: ${from} (inputs.artifacts.${decl.name}.from)` };
      merged = { ...merged, ...fields } as Artifact;
    }
  }
  if (decl.path) merged.path = decl.path;
  if (!hasLocation(merged) && !merged.optional)
    return { error: `inputs.artifacts.${decl.name} was not supplied` };
  return merged;
}
