/** The submit form for a WorkflowTemplate: one field per input parameter of its arguments. */

import type { Parameter, WorkflowTemplate } from '../api/types.ts';

export interface ParameterField {
  name: string;
  /** Pre-filled from the template's value/default (for an enum: its first option when none). */
  value: string;
  options?: string[];
  description?: string;
}

/** Fields from `spec.arguments.parameters` (Argo's submit form uses the workflow's arguments). */
export function parameterFields(template: WorkflowTemplate): ParameterField[] {
  return (template.spec.arguments?.parameters ?? []).map((p: Parameter) => {
    const options = p.enum && p.enum.length > 0 ? p.enum.map(String) : undefined;
    const preset = p.value ?? p.default;
    const value = preset !== undefined ? String(preset) : (options?.[0] ?? '');
    return {
      name: p.name,
      value,
      ...(options ? { options } : {}),
      ...(p.description ? { description: p.description } : {}),
    };
  });
}

/** `name=value` strings for submitOptions.parameters. */
export function parameterArgs(values: Record<string, string>): string[] {
  return Object.entries(values).map(([k, v]) => `${k}=${v}`);
}
