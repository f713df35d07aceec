/**
 * Carries out a resource template's action on the store and reports how it ended: get, create,
 * apply, replace, patch (json, merge; strategic is a merge patch for Argosy's kinds) and delete,
 * then waits for successCondition / failureCondition, then reads output parameters
 * (`valueFrom.jsonPath`, and `jqFilter` when it is a plain path).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import fastJsonPatch from 'fast-json-patch';
import type { ResourceObservation, ResourceRequest } from '../engine/gate-types.js';
import { catalogOf, resolveRefs } from '../engine/index.js';
import {
  conditionHolds,
  parseCondition,
  type Requirement,
  valueAt,
} from '../engine/templates/resource-conditions.js';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors/index.js';
import { queryJsonPath } from '../expr/lang/jsonpath.js';
import { applyDefaults } from '../spec/index.js';
import type { Artifact, Parameter, Workflow } from '../spec/types.js';
import type { Resource, Store } from '../store/index.js';
import { isClusterScoped } from '../store/kinds.js';
import { OWNER_UID_LABEL } from './gc-owned.js';
import {
  isStoreKind,
  type Manifest,
  needsKubernetes,
  parseManifest,
  type Target,
  targetOf,
} from './resource-target.js';

export interface ResourceDeps {
  store: Store;
  /** How often a condition is checked again (ms). */
  pollMs?: number;
  /** Aborted when the controller stops: the wait ends without a report. */
  signal?: AbortSignal;
  /** Asked every few polls while waiting: false (the node was stopped, the workflow deleted) ends the wait. */
  stillWanted?: () => Promise<boolean>;
  /** Reads an artifact's content (manifestFrom); raw artifacts need none. */
  readArtifact?: (artifact: Artifact) => Promise<string>;
}

/** Polls between two stillWanted questions. */
const POLLS_PER_CHECK = 10;

type Outcome = Omit<ResourceObservation, 'kind' | 'nodeId'>;

class ResourceFailure extends Error {}

export async function performResource(
  nodeId: string,
  req: ResourceRequest,
  deps: ResourceDeps,
): Promise<ResourceObservation | undefined> {
  try {
    const manifest = req.manifestArtifact ? await manifestOf(req.manifestArtifact, deps) : req.manifest;
    const outcome = await run(manifest === undefined ? req : { ...req, manifest }, deps);
    return outcome ? { kind: 'resource', nodeId, ...outcome } : undefined;
  } catch (err) {
    // In Argo the executor's `resource` command exits non-zero: the node Fails.
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'resource', nodeId, phase: 'Failed', message };
  }
}

/** The content of a manifestFrom artifact: raw data as it is, any other location through the drivers. */
async function manifestOf(artifact: Artifact, deps: ResourceDeps): Promise<string> {
  const raw = artifact.raw as { data?: string } | undefined;
  if (raw && typeof raw.data === 'string') return raw.data;
  if (!deps.readArtifact)
    throw new Error(`manifestFrom artifact "${artifact.name}": this controller has no artifact repository`);
  try {
    return await deps.readArtifact(artifact);
  } catch (err) {
    throw new Error(
      `manifestFrom artifact "${artifact.name}": ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

async function run(req: ResourceRequest, deps: ResourceDeps): Promise<Outcome | undefined> {
  const manifest = parseManifest(req.manifest);
  const target = targetOf(req.flags, manifest);
  if (!target)
    throw new Error('resource template names no object: give a manifest with kind, or flags [kind, name]');
  if (!isStoreKind(target.kind)) throw new Error(needsKubernetes(target.kind));
  const namespace = isClusterScoped(target.kind)
    ? ''
    : ((manifest as Manifest | undefined)?.metadata?.namespace ?? req.owner.namespace);
  const { store } = deps;
  let obj: Resource | undefined;
  switch (req.action) {
    case 'create':
      obj = await create(store, req, manifestObject(manifest), namespace);
      break;
    case 'apply':
    case 'replace':
      obj = await applyOrReplace(store, req, manifestObject(manifest), namespace, target);
      break;
    case 'patch':
      obj = await patch(store, req, manifest, namespace, target);
      break;
    case 'delete':
      await remove(store, namespace, target);
      return { phase: 'Succeeded' };
    case 'get':
      obj = await get(store, target.kind, namespace, requireName(target));
      break;
  }
  if (!obj) return { phase: 'Succeeded' };
  const success = conditions(req.successCondition);
  const failure = conditions(req.failureCondition);
  if (success || failure) {
    const name = obj.metadata.name ?? '';
    for (let poll = 1; ; poll++) {
      if (failure && conditionHolds(failure, obj)) {
        throw new ResourceFailure(
          `failure condition "${req.failureCondition}" met by ${target.kind} ${name}`,
        );
      }
      if (success && conditionHolds(success, obj)) break;
      if (!success && failure) break;
      if (deps.signal?.aborted) return undefined;
      if (poll % POLLS_PER_CHECK === 0 && deps.stillWanted && !(await deps.stillWanted())) return undefined;
      await sleep(deps.pollMs ?? 1000);
      obj = await get(store, target.kind, namespace, name);
    }
  }
  const outcome: Outcome = { phase: 'Succeeded' };
  const parameters = outputParameters(req, obj);
  if (parameters.length > 0) outcome.outputs = { parameters };
  return outcome;
}

function conditions(text: string | undefined): Requirement[] | undefined {
  if (!text) return undefined;
  const parsed = parseCondition(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function manifestObject(manifest: unknown): Manifest {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new Error('resource.manifest must be one object with apiVersion, kind and metadata');
  }
  return manifest as Manifest;
}

function requireName(target: Target): string {
  if (!target.name)
    throw new Error(`resource template names no ${target.kind}: metadata.name or flags [kind, name]`);
  return target.name;
}

async function get(store: Store, kind: string, namespace: string, name: string): Promise<Resource> {
  try {
    return await store.get<Resource>(kind, namespace, name, { withNodes: false });
  } catch (err) {
    if (err instanceof NotFoundError) throw new ResourceFailure(err.message);
    throw err;
  }
}

/** The object to store: defaults, namespace, owner reference, and for a Workflow its template references. */
async function prepare(
  store: Store,
  req: ResourceRequest,
  m: Manifest,
  namespace: string,
): Promise<Resource> {
  let obj = applyDefaults(m, namespace || undefined) as unknown as Resource;
  if (isClusterScoped(obj.kind)) delete obj.metadata.namespace;
  if (req.setOwnerReference) {
    // The label lets the owner's deletion find what it owns without scanning every object.
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [OWNER_UID_LABEL]: req.owner.uid };
    obj.metadata.ownerReferences = [
      ...(obj.metadata.ownerReferences ?? []),
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        name: req.owner.name,
        uid: req.owner.uid,
        blockOwnerDeletion: true,
        controller: true,
      },
    ];
  }
  if (obj.kind === 'Workflow') {
    const templates = await store.list<Resource>('WorkflowTemplate', {
      namespace: obj.metadata.namespace ?? '',
    });
    const cluster = await store.list<Resource>('ClusterWorkflowTemplate');
    const catalog = catalogOf(
      [...templates.items, ...cluster.items].map((t) => ({
        kind: t.kind,
        value: t as unknown as Record<string, unknown>,
      })),
    );
    const resolved = resolveRefs(obj as unknown as Workflow, catalog);
    if (typeof resolved === 'string')
      throw new Error(resolved.replace('which is not among the given files', 'which is not stored'));
    obj = resolved as unknown as Resource;
  }
  return obj;
}

async function create(store: Store, req: ResourceRequest, m: Manifest, namespace: string): Promise<Resource> {
  try {
    return await store.create(await prepare(store, req, m, namespace));
  } catch (err) {
    if (err instanceof AlreadyExistsError) throw new ResourceFailure(err.message);
    throw err;
  }
}

async function applyOrReplace(
  store: Store,
  req: ResourceRequest,
  m: Manifest,
  namespace: string,
  target: Target,
): Promise<Resource> {
  const name = requireName(target);
  for (let attempt = 0; attempt < 20; attempt++) {
    let existing: Resource | undefined;
    try {
      existing = await store.get<Resource>(target.kind, namespace, name, { withNodes: false });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    if (!existing) {
      if (req.action === 'replace') throw new ResourceFailure(`${target.kind} ${name} not found`);
      return create(store, req, m, namespace);
    }
    const desired = await prepare(store, req, m, namespace);
    const next =
      req.action === 'apply'
        ? (mergePatch(existing, desired) as Resource)
        : { ...desired, metadata: { ...existing.metadata, ...desired.metadata } };
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    next.metadata.uid = existing.metadata.uid;
    try {
      return await store.update(next);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  throw new Error(`${target.kind} ${name}: too many concurrent updates`);
}

async function patch(
  store: Store,
  req: ResourceRequest,
  manifest: unknown,
  namespace: string,
  target: Target,
): Promise<Resource> {
  const name = requireName(target);
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing = await get(store, target.kind, namespace, name);
    let next: Resource;
    if (req.mergeStrategy === 'json') {
      if (!Array.isArray(manifest))
        throw new Error('a json patch (mergeStrategy: json) must be a list of operations');
      try {
        next = fastJsonPatch.applyPatch(
          structuredClone(existing),
          manifest as fastJsonPatch.Operation[],
          true,
          false,
        ).newDocument;
      } catch (err) {
        throw new ResourceFailure(`json patch: ${(err as Error).message.split('\n')[0]}`);
      }
    } else {
      next = mergePatch(existing, manifest) as Resource;
    }
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    try {
      return await store.update(next);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  throw new Error(`${target.kind} ${name}: too many concurrent updates`);
}

async function remove(store: Store, namespace: string, target: Target): Promise<void> {
  const names: string[] = [];
  if (target.selector !== undefined) {
    const { items } = await store.list<Resource>(target.kind, {
      namespace,
      labelSelector: target.selector,
      withNodes: false,
    });
    names.push(...items.map((i) => i.metadata.name ?? ''));
  } else names.push(requireName(target));
  for (const name of names) {
    try {
      await store.delete(target.kind, namespace, name);
    } catch (err) {
      // Argo deletes with --ignore-not-found.
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
}

/** RFC 7386 JSON merge patch (null deletes, objects merge, everything else replaces). */
export function mergePatch(target: unknown, patchDoc: unknown): unknown {
  if (patchDoc === null || typeof patchDoc !== 'object' || Array.isArray(patchDoc)) return patchDoc;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patchDoc)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** kubectl's jsonpath `{.metadata.name}` as a query on the object. */
function jsonPathValue(obj: Resource, expression: string): unknown {
  const inner = expression.trim().replace(/^\{/, '').replace(/\}$/, '').trim();
  const path = inner.startsWith('$')
    ? inner
    : `$${inner.startsWith('.') || inner.startsWith('[') ? '' : '.'}${inner}`;
  return queryJsonPath(obj as never, path, () => {});
}

function outputParameters(req: ResourceRequest, obj: Resource): Parameter[] {
  return req.outputs.map((o) => {
    let value: unknown;
    try {
      if (o.jsonPath !== undefined) value = jsonPathValue(obj, o.jsonPath);
      else if (o.jqFilter !== undefined) {
        if (!/^(\.[A-Za-z0-9_-]+)+$/.test(o.jqFilter.trim())) {
          throw new Error(
            `jqFilter "${o.jqFilter}": only plain paths like .metadata.name are supported (no jq here)`,
          );
        }
        value = valueAt(obj, o.jqFilter.trim().slice(1));
      }
    } catch (err) {
      if (o.default !== undefined) value = o.default;
      else throw new Error(`output parameter ${o.name}: ${(err as Error).message}`);
    }
    if (value === undefined || value === null) {
      if (o.default === undefined)
        throw new Error(`output parameter ${o.name}: no value at ${o.jsonPath ?? o.jqFilter}`);
      value = o.default;
    }
    return { name: o.name, value: stringOf(value) };
  });
}
