/**
 * The controller configuration: the keys of Argo's workflow-controller-configmap that mean something
 * without a cluster. Read from `$ARGOSY_HOME/config.yaml` or `--config FILE` (load-config.ts).
 */
import type { ArtifactLocation, S3Location } from '../artifacts/location.js';
import type { WorkflowSpec } from '../spec/types.js';

/** Argo's ArtifactRepository: one location kind with repository settings (keyFormat, archiveLogs). */
export interface ArtifactRepository extends ArtifactLocation {
  archiveLogs?: boolean;
  s3?: S3Location & { keyFormat?: string; keyPrefix?: string };
  local?: { path?: string; keyFormat?: string };
}

export interface WorkflowDefaults {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: WorkflowSpec;
}

export interface ControllerConfig {
  /** The default artifact repository. Without one, the local repository under ARGOSY_HOME. */
  artifactRepository?: ArtifactRepository;
  /** Merged under every submitted workflow (the workflow's own fields win). */
  workflowDefaults?: WorkflowDefaults;
  /** Most workflows running at once (0 or unset: no limit). */
  parallelism?: number;
  /** Most workflows running at once per namespace. */
  namespaceParallelism?: number;
  /** Where this file was read from, for messages ('' when there is none). */
  source: string;
}

/** Keys that are validated and used. */
export const USED_KEYS = [
  'artifactRepository',
  'workflowDefaults',
  'parallelism',
  'namespaceParallelism',
] as const;

/**
 * Keys of Argo's configmap that Argosy accepts and does not use (they configure Kubernetes, the UI,
 * SSO, metrics or persistence, which Argosy configures otherwise). Anything else is a typo: refused.
 */
export const IGNORED_KEYS = [
  'containerRuntimeExecutor',
  'containerRuntimeExecutors',
  'executor',
  'mainContainer',
  'initialDelay',
  'links',
  'columns',
  'navColor',
  'metricsConfig',
  'telemetryConfig',
  'persistence',
  'workflowRestrictions',
  'sso',
  'podSpecLogStrategy',
  'retentionPolicy',
  'nodeEvents',
  'workflowEvents',
  'resourceRateLimit',
  'instanceID',
  'kubeConfig',
  'namespace',
  'podGCGracePeriodSeconds',
  'podGCDeleteDelayDuration',
  'images',
  'synchronization',
  'failedPodRestart',
  'artifactDrivers',
  'executorPlugins',
  'initContainer',
  'podSpecPatch',
] as const;
