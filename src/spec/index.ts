/**
 * spec/: resource types, parsing with line numbers, schema validation, defaulting.
 * The one entry point of the package: everything other layers use is exported here.
 */

export { applyDefaults, DEFAULT_NAMESPACE, GENERATE_NAME_ALPHABET, generateNameSuffix } from './defaults.js';
export { type LoadResult, loadFiles } from './load-files.js';
export { ANNOTATIONS_MAX_BYTES, validateMetadata } from './metadata-validation.js';
export {
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  isDns1123Label,
  isDns1123Subdomain,
  labelValueProblem,
  qualifiedNameProblem,
} from './names.js';
export { parseDocuments } from './parse-documents.js';
export { MIB, PARSE_LIMITS } from './parse-limits.js';
export { API_VERSION_OF, ARGO_API_VERSION, CORE_API_VERSION, isKind } from './schema-kinds.js';
export { validateResourceSchema, validateSchema } from './schema-validation.js';
export * from './types.js';

export type FieldPath = Array<string | number>;

/** One YAML/JSON document of a file, with a way back to its source lines. */
export interface SourceDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  /** `kind` and `metadata.name` (or generateName) as written, '' when absent. */
  kind: string;
  name: string;
  value: Record<string, unknown>;
  /** 1-based line of the node at path, or of its nearest existing ancestor. */
  lineOf(path: FieldPath): number;
}

/** A schema problem: path into the document and reason. */
export interface SchemaIssue {
  path: FieldPath;
  message: string;
}

/** A problem with a field of a resource (metadata rules, and later lint rules): same shape as SchemaIssue. */
export type ValidationIssue = SchemaIssue;

/** Formats a path as Argo/kubectl do: `spec.templates[0].dag.tasks[2].name`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
