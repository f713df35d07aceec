/**
 * The contract test's checker: validates a response against a definition of Argo's swagger.json
 * (../shared/argo-api/swagger.json) with ajv. Callers skip, saying so, when the file is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { SHARED_DIR } from '../../testing/shared-dir.js';

export const SWAGGER_JSON = process.env.ARGO_SWAGGER_JSON ?? join(SHARED_DIR, 'argo-api', 'swagger.json');

let ajv: Ajv | undefined;

function compiler(): Ajv {
  if (ajv) return ajv;
  const swagger = JSON.parse(readFileSync(SWAGGER_JSON, 'utf8')) as { definitions: Record<string, unknown> };
  ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: 'argo-swagger', definitions: swagger.definitions });
  return ajv;
}

export function swaggerPresent(): boolean {
  return existsSync(SWAGGER_JSON);
}

/** Problems of `value` against `#/definitions/<name>` (short names get the Argo prefix); [] when valid. */
export function contractProblems(definition: string, value: unknown): string[] {
  const name = definition.includes('.') ? definition : `io.argoproj.workflow.v1alpha1.${definition}`;
  const validate = compiler().getSchema(`argo-swagger#/definitions/${name}`);
  if (!validate) throw new Error(`no definition ${name} in ${SWAGGER_JSON}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
