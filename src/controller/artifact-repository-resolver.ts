/**
 * Which artifact repository a workflow uses, decided once when it starts and recorded in
 * `status.artifactRepositoryRef` (as Argo does): `spec.artifactRepositoryRef` names a key of a
 * ConfigMap (default `artifact-repositories`, default key from its
 * `workflows.argoproj.io/default-artifact-repository` annotation); without one, the namespace's
 * `artifact-repositories` ConfigMap when it has a default, else the controller configuration's
 * `artifactRepository`, else the local repository.
 */
import { parse } from 'yaml';
import type { ControllerConfig } from '../config/index.js';
import { validateRepository } from '../config/index.js';
import type { ArtifactRepositoryRefStatus } from '../engine/artifacts/index.js';
import { NotFoundError, ValidationError } from '../errors/index.js';
import type { ConfigMap, Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';

export const DEFAULT_REPOSITORIES_CONFIGMAP = 'artifact-repositories';
export const DEFAULT_REPOSITORY_ANNOTATION = 'workflows.argoproj.io/default-artifact-repository';

export type ArtifactRepositoryResolver = (wf: Workflow) => Promise<ArtifactRepositoryRefStatus>;

export function artifactRepositoryResolver(
  store: Store,
  config: Pick<ControllerConfig, 'artifactRepository'>,
): ArtifactRepositoryResolver {
  return async (wf) => {
    const namespace = wf.metadata.namespace ?? 'default';
    const ref =
      wf.spec?.artifactRepositoryRef ?? wf.status?.storedWorkflowTemplateSpec?.artifactRepositoryRef;
    if (ref) {
      const name = ref.configMap || DEFAULT_REPOSITORIES_CONFIGMAP;
      const cm = await getConfigMap(store, namespace, name);
      if (!cm)
        throw new ValidationError(
          'spec.artifactRepositoryRef',
          `error in getting artifact repository: configmap "${name}" not found`,
        );
      return fromConfigMap(cm, name, namespace, ref.key);
    }
    const cm = await getConfigMap(store, namespace, DEFAULT_REPOSITORIES_CONFIGMAP);
    if (cm?.metadata?.annotations?.[DEFAULT_REPOSITORY_ANNOTATION]) {
      return { ...fromConfigMap(cm, DEFAULT_REPOSITORIES_CONFIGMAP, namespace, undefined), default: true };
    }
    return {
      default: true,
      artifactRepository: (config.artifactRepository ?? { local: {} }) as Record<string, unknown>,
    };
  };
}

async function getConfigMap(store: Store, namespace: string, name: string): Promise<ConfigMap | undefined> {
  try {
    return (await store.get('ConfigMap', namespace, name)) as unknown as ConfigMap;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

function fromConfigMap(
  cm: ConfigMap,
  name: string,
  namespace: string,
  wantedKey: string | undefined,
): ArtifactRepositoryRefStatus {
  const key = wantedKey || cm.metadata?.annotations?.[DEFAULT_REPOSITORY_ANNOTATION];
  const at = 'spec.artifactRepositoryRef';
  if (!key) {
    throw new ValidationError(
      at,
      `error in getting artifact repository: configmap "${name}" has no key given and no ${DEFAULT_REPOSITORY_ANNOTATION} annotation`,
    );
  }
  const text = cm.data?.[key];
  if (text === undefined)
    throw new ValidationError(
      at,
      `error in getting artifact repository: configmap "${name}" does not have the key "${key}"`,
    );
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new ValidationError(
      at,
      `configmap "${name}" key "${key}": not valid YAML: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const problems: { path: string; reason: string }[] = [];
  const repository = validateRepository(value, `configmap ${name} key ${key}`, problems);
  if (!repository) throw new ValidationError(at, problems.map((p) => `${p.path}: ${p.reason}`).join('; '));
  return { configMap: name, key, namespace, artifactRepository: repository as Record<string, unknown> };
}
