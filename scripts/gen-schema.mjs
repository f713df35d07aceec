#!/usr/bin/env node
// Generates src/spec/generated/resource-schema.json: a JSON schema (draft-07, ajv) for the kinds Argosy
// reads, built from the TypeScript declarations of @kubernetes-models/argo-workflows (Argo v4) and
// kubernetes-models, with the TypeScript compiler API. Every object gets additionalProperties:false
// (Argo's strict decoding); Kubernetes/Argo scalar wrappers get their lenient JSON shapes.
//
//   node scripts/gen-schema.mjs          # rewrite the file
//   node scripts/gen-schema.mjs --check  # exit 1 when the committed file is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/spec/generated/resource-schema.json');
const outCode = join(root, 'src/spec/generated/resource-validators.ts');
const require = createRequire(join(root, 'package.json'));
const modelsDir = (pkg) => dirname(require.resolve(`${pkg}/package.json`));
const ARGO = modelsDir('@kubernetes-models/argo-workflows');
const K8S = modelsDir('kubernetes-models');
const META = modelsDir('@kubernetes-models/apimachinery');

/** The documents we validate: [apiVersion, kind, declaration file]. */
const ROOTS = [
  ['argoproj.io/v1alpha1', 'Workflow', join(ARGO, 'argoproj.io/v1alpha1/Workflow.d.ts')],
  ['argoproj.io/v1alpha1', 'WorkflowTemplate', join(ARGO, 'argoproj.io/v1alpha1/WorkflowTemplate.d.ts')],
  [
    'argoproj.io/v1alpha1',
    'ClusterWorkflowTemplate',
    join(ARGO, 'argoproj.io/v1alpha1/ClusterWorkflowTemplate.d.ts'),
  ],
  ['argoproj.io/v1alpha1', 'CronWorkflow', join(ARGO, 'argoproj.io/v1alpha1/CronWorkflow.d.ts')],
  [
    'argoproj.io/v1alpha1',
    'WorkflowEventBinding',
    join(ARGO, 'argoproj.io/v1alpha1/WorkflowEventBinding.d.ts'),
  ],
  ['v1', 'ConfigMap', join(K8S, 'v1/ConfigMap.d.ts')],
  ['v1', 'Secret', join(K8S, 'v1/Secret.d.ts')],
];

/** Wrapper aliases whose TypeScript type is too narrow or too wide for what Kubernetes decodes. */
const SCALARS = {
  // Argo's AnyString unmarshals strings, integers, floats and booleans.
  'io.argoproj.workflow.v1alpha1.AnyString': { type: ['string', 'number', 'boolean'] },
  // Argo's Item (withItems entries) and plugin/free-form objects accept any JSON.
  'io.argoproj.workflow.v1alpha1.Item': {},
  'io.argoproj.workflow.v1alpha1.Object': { type: 'object' },
  'io.argoproj.workflow.v1alpha1.Plugin': { type: 'object' },
  'io.argoproj.workflow.v1alpha1.Amount': { type: ['number', 'string'] },
  // ParallelSteps marshals as a bare list of steps (steps: [[a, b], [c]]), not as {steps: [...]}.
  'io.argoproj.workflow.v1alpha1.ParallelSteps': {
    type: 'array',
    items: { $ref: '#/definitions/io.argoproj.workflow.v1alpha1.WorkflowStep' },
  },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['number', 'string'] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
};

/** Fields the TypeScript models mark required that Argo/Kubernetes fill in or do not require. */
const NOT_REQUIRED = {
  // Argo names a template's container "main"; whether `image` is set (maybe by templateDefaults) is lint's job.
  'io.k8s.api.core.v1.Container': ['name'],
  'io.argoproj.workflow.v1alpha1.ScriptTemplate': ['name'],
  // volumeClaimTemplates entries are written without apiVersion/kind.
  'io.k8s.api.core.v1.PersistentVolumeClaim': ['apiVersion', 'kind'],
};

/** Fields optional in the models that Argo's validation always requires. */
const EXTRA_REQUIRED = {
  'io.argoproj.workflow.v1alpha1.WorkflowStep': ['name'],
};

const ref = (name) => ({ $ref: `#/definitions/${name}` });
const argo = (name) => ref(`io.argoproj.workflow.v1alpha1.${name}`);

/**
 * Argo v4 fields newer than the published models (from Argo's Go types in pkg/apis/workflow/v1alpha1).
 * The drift test against Argo's own schema tells when this list needs a change.
 */
const EXTRA_PROPERTIES = {
  'io.argoproj.workflow.v1alpha1.HTTPArtifact': { saveStreamViaFile: { type: 'boolean' } },
  'io.argoproj.workflow.v1alpha1.S3Artifact': { addressingStyle: { type: 'string' } },
  'io.argoproj.workflow.v1alpha1.S3ArtifactRepository': { addressingStyle: { type: 'string' } },
  'io.argoproj.workflow.v1alpha1.Template': {
    pendingTimeout: { type: 'string' },
    podResources: ref('io.k8s.api.core.v1.ResourceRequirements'),
    resourceClaims: { type: 'array', items: ref('io.k8s.api.core.v1.PodResourceClaim') },
  },
  'io.argoproj.workflow.v1alpha1.WorkflowSpec': {
    // A template of the list needs a name; inline templates and templateDefaults (same type) do not.
    templates: { type: 'array', items: { allOf: [argo('Template')], required: ['name'] } },
    executorPlugins: { type: 'array', items: argo('ExecutorPlugin') },
    podResources: ref('io.k8s.api.core.v1.ResourceRequirements'),
    resourceClaims: { type: 'array', items: ref('io.k8s.api.core.v1.PodResourceClaim') },
  },
};

const closed = (properties, required) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
/** Definitions that only the extra properties above use. */
const EXTRA_DEFINITIONS = {
  'io.argoproj.workflow.v1alpha1.ExecutorPlugin': closed(
    { metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), spec: argo('ExecutorPluginSpec') },
    ['metadata', 'spec'],
  ),
  'io.argoproj.workflow.v1alpha1.ExecutorPluginSpec': closed({ sidecar: argo('ExecutorPluginSidecar') }, [
    'sidecar',
  ]),
  'io.argoproj.workflow.v1alpha1.ExecutorPluginSidecar': closed(
    { automountServiceAccountToken: { type: 'boolean' }, container: ref('io.k8s.api.core.v1.Container') },
    ['container'],
  ),
};

/** Maps a declaration file to the definition name Argo's OpenAPI uses. */
function definitionName(fileName, typeName) {
  const short = typeName.replace(/^I(?=[A-Z])/, '');
  const rel = (base) => relative(base, fileName).split(sep).join('/');
  if (fileName.startsWith(ARGO)) return `io.argoproj.workflow.v1alpha1.${short}`;
  if (fileName.startsWith(META)) {
    const dir = dirname(rel(META)).replaceAll('/', '.');
    return dir.startsWith('apis.') || dir.startsWith('api.') || dir.startsWith('util.') || dir === 'runtime'
      ? `io.k8s.apimachinery.pkg.${dir}.${short}`
      : `io.k8s.apimachinery.${dir}.${short}`;
  }
  if (fileName.startsWith(K8S)) {
    const parts = dirname(rel(K8S)).split('/');
    const group = parts.length === 1 ? `core.${parts[0]}` : `${parts[0].split('.')[0]}.${parts[1]}`;
    return `io.k8s.api.${group}.${short}`;
  }
  throw new Error(`gen-schema: no definition name for ${typeName} in ${fileName}`);
}

/** Declarations only referenced from the hand-written shapes above. */
const SEEDS = [
  join(ARGO, 'argoproj.io/v1alpha1/WorkflowStep.d.ts'),
  join(K8S, 'v1/PodResourceClaim.d.ts'),
  join(K8S, 'v1/ResourceRequirements.d.ts'),
];

const program = ts.createProgram([...ROOTS.map((r) => r[2]), ...SEEDS], {
  strict: true,
  skipLibCheck: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
});
const checker = program.getTypeChecker();
const definitions = {};

/** Follows import/export aliases to the original declaration of a named type. */
function originalSymbol(symbol) {
  let s = symbol;
  while (s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  return s;
}

function declarationOf(symbol) {
  return originalSymbol(symbol).declarations?.find(
    (d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d),
  );
}

function refTo(decl) {
  const name = definitionName(decl.getSourceFile().fileName, decl.name.text);
  if (!(name in definitions)) {
    definitions[name] = null; // reserve before recursing (types are recursive)
    definitions[name] = SCALARS[name] ?? schemaOfDeclaration(decl, name);
  }
  return { $ref: `#/definitions/${name}` };
}

function schemaOfDeclaration(decl, name) {
  if (ts.isTypeAliasDeclaration(decl)) return schemaOfNode(decl.type);
  const type = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(decl.name));
  return objectSchema(type, name);
}

function objectSchema(type, name) {
  const properties = {};
  const required = [];
  for (const prop of checker.getPropertiesOfType(type)) {
    const pdecl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (!pdecl || !ts.isPropertySignature(pdecl) || !pdecl.type)
      throw new Error(`gen-schema: odd property ${prop.name}`);
    properties[prop.name] = schemaOfNode(pdecl.type);
    if (!pdecl.questionToken && !(NOT_REQUIRED[name] ?? []).includes(prop.name)) required.push(prop.name);
  }
  required.push(...(EXTRA_REQUIRED[name] ?? []));
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  Object.assign(properties, EXTRA_PROPERTIES[name]);
  const schema = { type: 'object', properties };
  if (required.length > 0) schema.required = required.sort();
  schema.additionalProperties = index ? schemaOfNode(index.declaration.type) : false;
  return schema;
}

function schemaOfNode(node) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { type: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return {};
    case ts.SyntaxKind.ParenthesizedType:
      return schemaOfNode(node.type);
    case ts.SyntaxKind.ArrayType:
      return { type: 'array', items: schemaOfNode(node.elementType) };
    case ts.SyntaxKind.LiteralType:
      if (ts.isStringLiteral(node.literal)) return { type: 'string', enum: [node.literal.text] };
      break;
    case ts.SyntaxKind.UnionType:
      return unionSchema(node.types.map(schemaOfNode));
    case ts.SyntaxKind.TypeLiteral:
      return objectSchema(checker.getTypeAtLocation(node), '');
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText();
      if (name === 'Array' && node.typeArguments?.length === 1) {
        return { type: 'array', items: schemaOfNode(node.typeArguments[0]) };
      }
      if (name === 'Record' && node.typeArguments?.length === 2) {
        return { type: 'object', additionalProperties: schemaOfNode(node.typeArguments[1]) };
      }
      const symbol = checker.getSymbolAtLocation(node.typeName);
      const decl = symbol && declarationOf(symbol);
      if (decl) return refTo(decl);
      break;
    }
  }
  throw new Error(`gen-schema: unsupported type ${node.getText()} in ${node.getSourceFile().fileName}`);
}

function unionSchema(members) {
  if (members.every((m) => m.type === 'string' && m.enum)) {
    return { type: 'string', enum: members.flatMap((m) => m.enum) };
  }
  if (members.every((m) => typeof m.type === 'string' && Object.keys(m).length === 1)) {
    return { type: [...new Set(members.map((m) => m.type))] };
  }
  return { anyOf: members };
}

const kinds = {};
for (const [apiVersion, kind, file] of ROOTS) {
  const source = program.getSourceFile(file);
  const decl = source?.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === `I${kind}`);
  if (!decl) throw new Error(`gen-schema: I${kind} not found in ${file}`);
  kinds[`${apiVersion}/${kind}`] = refTo(decl).$ref.slice('#/definitions/'.length);
}

for (const file of SEEDS) {
  const source = program.getSourceFile(file);
  const decl = source?.statements.find((s) => ts.isInterfaceDeclaration(s));
  if (!decl) throw new Error(`gen-schema: no interface in ${file}`);
  refTo(decl);
}

Object.assign(definitions, EXTRA_DEFINITIONS);
const sorted = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
const header =
  'Generated by scripts/gen-schema.mjs from the @kubernetes-models type declarations. Do not edit.';
const text = `${JSON.stringify({ $comment: header, kinds, definitions: sorted }, null, 1)}\n`;

/** ajv standalone validators, one export per kind (export name = kind), so nothing compiles at run time. */
function compileValidators() {
  const ajv = new Ajv.default({
    allErrors: true,
    strict: false,
    validateSchema: false,
    code: { source: true, esm: true, lines: true, optimize: true },
  });
  ajv.addSchema({ $id: 'argosy', definitions: sorted });
  const exports = Object.fromEntries(
    Object.entries(kinds).map(([key, def]) => [key.split('/').pop(), `argosy#/definitions/${def}`]),
  );
  const code = standaloneCode.default(ajv, exports);
  return `// @ts-nocheck\n// ${header}\n// ajv standalone code for src/spec/generated/resource-schema.json.\n${code}\n`;
}
const code = compileValidators();

if (process.argv.includes('--check')) {
  const stale = [
    [out, text],
    [outCode, code],
  ].filter(([file, content]) => readFileSync(file, 'utf8') !== content);
  if (stale.length > 0) {
    console.error('gen-schema: generated files are stale; run node scripts/gen-schema.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  writeFileSync(outCode, code);
  console.log(
    `gen-schema: ${Object.keys(sorted).length} definitions -> ${relative(root, out)}, ${relative(root, outCode)}`,
  );
}
