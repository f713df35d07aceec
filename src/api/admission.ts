/**
 * Admission: what the API does to an object before it is stored, for the server and the embedded
 * CLI alike. Checks the body's shape and kind, applies defaults (spec/defaults.ts), lints it with
 * every rule of `argosy lint` (references resolve against the WorkflowTemplates and
 * ClusterWorkflowTemplates already stored), and for a Workflow stores its referenced templates
 * (engine/template-refs.ts). Any problem is a ValidationError naming the field; nothing is stored.
 */
import { ValidationError } from '../errors/index.js';
import { lintDocuments } from '../lint/index.js';
import { applyDefaults, type SourceDocument, type Workflow } from '../spec/index.js';
import type { Resource, ResourceReader } from '../store/index.js';
import { prepareWorkflow } from '../templates/prepare-workflow.js';
import { applyWorkflowDefaults, type WorkflowDefaults } from '../templates/workflow-defaults.js';
import { ARGO_API_VERSION, type ServedKind } from './api-kinds.js';
import { referencedTemplates } from './template-lookup.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export interface AdmissionRequest {
  kind: ServedKind;
  /** The namespace of the request path; '' for cluster-scoped kinds. */
  namespace: string;
  /** The object as sent (JSON); checked here. */
  body: unknown;
  /** Field name of the object in the request (`workflow`, `template`...), for messages. */
  field: string;
  /**
   * WorkflowTemplates / ClusterWorkflowTemplates given beside the object (the files of one
   * `argosy submit`), found before stored ones when references are resolved.
   */
  templates?: Array<Record<string, unknown>>;
  /** The controller configuration's workflowDefaults, merged under a Workflow (the Workflow's values win). */
  workflowDefaults?: WorkflowDefaults;
}

/** The object, checked and defaulted, ready for store.create/update. Throws ValidationError. */
export async function admit<T extends Resource>(reader: ResourceReader, req: AdmissionRequest): Promise<T> {
  const { kind, namespace, body, field } = req;
  if (!isRecord(body)) throw new ValidationError(field, `${field} is required and must be an object`);
  if (body.kind !== undefined && body.kind !== kind) {
    throw new ValidationError(`${field}.kind`, `expected ${kind}, got ${JSON.stringify(body.kind)}`);
  }
  if (body.apiVersion !== undefined && body.apiVersion !== ARGO_API_VERSION) {
    throw new ValidationError(
      `${field}.apiVersion`,
      `expected ${ARGO_API_VERSION}, got ${JSON.stringify(body.apiVersion)}`,
    );
  }
  if (!isRecord(body.metadata)) throw new ValidationError(`${field}.metadata`, 'metadata is required');
  const meta = body.metadata;
  if (
    kind !== 'ClusterWorkflowTemplate' &&
    meta.namespace !== undefined &&
    meta.namespace !== '' &&
    meta.namespace !== namespace
  ) {
    throw new ValidationError(
      `${field}.metadata.namespace`,
      `the namespace of the provided object (${String(meta.namespace)}) does not match the namespace sent on the request (${namespace})`,
    );
  }
  let value = applyDefaults(
    { ...body, apiVersion: ARGO_API_VERSION, kind },
    namespace || undefined,
  ) as Record<string, unknown>;
  if (kind === 'ClusterWorkflowTemplate') delete (value.metadata as Record<string, unknown>).namespace;
  if (kind === 'Workflow') {
    delete value.status;
    // Linted with the defaults in: a default may supply what the Workflow leaves out.
    value = applyWorkflowDefaults(value as unknown as Workflow, req.workflowDefaults) as unknown as Record<
      string,
      unknown
    >;
  }
  const templates = [...(req.templates ?? []), ...(await referencedTemplates(reader, value, namespace))];
  const docs = [value, ...templates].map((v, index) => sourceDocument(v, index, field));
  const report = lintDocuments(docs);
  const problems = report.problems
    .filter((p) => p.file === field)
    // Lint looks among files; admission among the given and the stored templates.
    .map((p) => ({ ...p, message: p.message.replace(/ among the linted files$/, '') }));
  if (problems.length > 0) {
    const first = problems[0];
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more: ${problems
            .slice(1)
            .map((p) => `${p.path}: ${p.message}`)
            .join('; ')})`
        : '';
    throw new ValidationError(
      first?.path === '-' || !first ? field : `${field}.${first.path}`,
      `${first?.message ?? 'invalid'}${more}`,
      { kind, name: String(meta.name ?? meta.generateName ?? '') },
    );
  }
  if (kind !== 'Workflow') return value as unknown as T;
  // The same resolution as the embedded CLI's: given templates first, then stored ones; Argo's
  // spec join for workflowTemplateRef (workflowDefaults under both), stored templates in status, the
  // template labels. Applying the defaults again there changes nothing: the Workflow's values win.
  const given = (req.templates ?? []).map((t) => ({ kind: String(t.kind ?? ''), value: t }));
  const resolved = await prepareWorkflow(reader, value as unknown as Workflow, {
    docs: given,
    workflowDefaults: req.workflowDefaults,
    document: { kind, name: String(meta.name ?? meta.generateName ?? '') },
  });
  return resolved as unknown as T;
}

function sourceDocument(value: Record<string, unknown>, index: number, field: string): SourceDocument {
  const meta = isRecord(value.metadata) ? value.metadata : {};
  return {
    // The object under admission is the request's; stored templates are only there to resolve references.
    file: index === 0 ? field : `stored-${index}`,
    index,
    kind: typeof value.kind === 'string' ? value.kind : '',
    name: String(meta.name ?? meta.generateName ?? ''),
    value,
    lineOf: () => 1,
  };
}
