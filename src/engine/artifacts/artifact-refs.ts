/**
 * Artifacts as variables. `{{steps.X.outputs.artifacts.Y}}`, `{{tasks.X.outputs.artifacts.Y}}`,
 * `{{inputs.artifacts.X}}` and `{{workflow.outputs.artifacts.X}}` stand for a whole artifact (its
 * location), not text: the variable holds a JSON reference, and `from` / `fromExpression` turn it
 * back into a location. Variables are strings (src/expr), hence the JSON.
 */
import { LOCATION_KINDS } from '../../artifacts/location.js';
import type { Vars } from '../../expr/tags/index.js';
import type { Artifact, Outputs, Template } from '../../spec/types.js';

/** Fields of an artifact that say where it is and how it is packed. */
const LOCATION_FIELDS = [...LOCATION_KINDS, 'archive'] as const;

/** Marks the JSON of an artifact reference, so that a plain string given as `from` is told apart. */
const MARK = 'argosyArtifact';

export function artifactRef(a: Artifact): string {
  const ref: Record<string, unknown> = { [MARK]: a.name };
  const record = a as unknown as Record<string, unknown>;
  for (const field of LOCATION_FIELDS) if (record[field] !== undefined) ref[field] = record[field];
  return JSON.stringify(ref);
}

/** The location fields of a reference made by artifactRef, or undefined when text is not one. */
export function parseArtifactRef(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || !(MARK in value)) return undefined;
    const { [MARK]: _name, ...fields } = value as Record<string, unknown>;
    return fields;
  } catch {
    return undefined;
  }
}

/** True when the artifact has a location of its own (any kind), as opposed to just a name and path. */
export function hasLocation(a: Artifact | Record<string, unknown>): boolean {
  const record = a as Record<string, unknown>;
  return LOCATION_FIELDS.some((f) => f !== 'archive' && record[f] !== undefined && record[f] !== null);
}

/** Drops every location field (an argument's location replaces the declaration's). */
export function withoutLocation<T extends Artifact>(a: T): T {
  const out = { ...a } as Record<string, unknown>;
  for (const f of LOCATION_FIELDS) if (f !== 'archive') delete out[f];
  return out as T;
}

/** `<prefix>.outputs.artifacts.<name>` for each output artifact of a node. */
export function outputArtifactVars(prefix: string, outputs: Outputs | undefined, into: Vars): void {
  for (const a of outputs?.artifacts ?? []) into[`${prefix}.outputs.artifacts.${a.name}`] = artifactRef(a);
}

/** `inputs.artifacts.<name>`: the resolved input artifact, to pass on with `from`. */
export function inputArtifactVars(artifacts: Artifact[] | undefined, into: Vars): void {
  for (const a of artifacts ?? []) if (hasLocation(a)) into[`inputs.artifacts.${a.name}`] = artifactRef(a);
}

/** `outputs.parameters.<name>.path` and `outputs.artifacts.<name>.path` of a template's declared outputs. */
export function outputPathVars(tmpl: Template, into: Vars): void {
  for (const p of tmpl.outputs?.parameters ?? []) {
    if (p.valueFrom?.path) into[`outputs.parameters.${p.name}.path`] = p.valueFrom.path;
  }
  for (const a of tmpl.outputs?.artifacts ?? [])
    if (a.path) into[`outputs.artifacts.${a.name}.path`] = a.path;
}
