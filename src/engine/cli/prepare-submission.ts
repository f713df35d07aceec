/**
 * `argo submit -p name=value --entrypoint x`: applies parameter overrides to spec.arguments and
 * checks them against each parameter's enum.
 */
import { ValidationError } from '../../errors/index.js';
import type { Parameter, Workflow } from '../../spec/types.js';

export interface SubmissionOptions {
  parameters?: Record<string, string>;
  entrypoint?: string;
}

export function prepareSubmission(wf: Workflow, options: SubmissionOptions = {}): Workflow {
  const out = structuredClone(wf);
  out.spec = { ...out.spec };
  if (options.entrypoint) out.spec.entrypoint = options.entrypoint;
  const params: Parameter[] = [...(out.spec.arguments?.parameters ?? [])];
  for (const [name, value] of Object.entries(options.parameters ?? {})) {
    const i = params.findIndex((p) => p.name === name);
    if (i >= 0) params[i] = { ...(params[i] as Parameter), value };
    else params.push({ name, value });
  }
  params.forEach((p, i) => {
    const allowed = p.enum?.map(String);
    const value = p.value === undefined ? undefined : String(p.value);
    if (allowed && allowed.length > 0 && value !== undefined && !allowed.includes(value)) {
      throw new ValidationError(
        `spec.arguments.parameters[${i}].value`,
        `value '${value}' of parameter ${p.name} is not one of the enum values: ${allowed.join(', ')}`,
      );
    }
  });
  if (params.length > 0 || out.spec.arguments)
    out.spec.arguments = { ...out.spec.arguments, parameters: params };
  return out;
}
