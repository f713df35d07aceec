/**
 * The contract between the engine and the runtimes (ARCHITECTURE.md decision 4).
 * The engine resolves a template into a PodPlan (all `{{...}}` already substituted);
 * a runtime runs it and reports PodObservations. Plain data, JSON-serialisable.
 */

export interface EnvVar {
  name: string;
  value: string;
}

export interface ContainerPlan {
  /** `main` for container and script templates; the container's own name in a containerSet. */
  name: string;
  /** Recorded by the host runtime, used by the container and kubernetes runtimes. */
  image: string;
  /** Full argv = command ++ args. Either may be empty (then the image's entrypoint, which the host runtime cannot know). */
  command: string[];
  args: string[];
  env: EnvVar[];
  workingDir?: string;
  /** Other Kubernetes container fields that a runtime may honour or must refuse (ports, volumeMounts, resources, ...). */
  extra?: Record<string, unknown>;
}

/** A file the runtime writes before the main container starts (script source, input parameters at paths). */
export interface FilePlacement {
  path: string;
  content: string;
  /** `base64` when content is base64 (binary data); default utf8 text. */
  encoding?: 'base64';
  mode?: number;
}

/** One key of a configMap or secret volume, as a file under the volume's mount. */
export interface ConfigVolumeFile {
  /** Relative to the mount path (the key, or an item's path). */
  path: string;
  /** base64 */
  content: string;
  mode: number;
}

export interface OutputParameterPlan {
  name: string;
  /** Absolute path inside the pod to read the value from (`valueFrom.path`). */
  path: string;
  /** Used when the file is missing (`valueFrom.default`). Without it a missing file fails the node. */
  default?: string;
}

export interface OutputArtifactPlan {
  name: string;
  path: string;
  optional?: boolean;
  /** Raw artifact spec for the artifact layer (archive, s3, ...). */
  spec?: Record<string, unknown>;
}

export interface InputArtifactPlan {
  name: string;
  path: string;
  /**
   * The artifact spec with its location resolved (`from` replaced by the producing node's location):
   * raw data, s3/http/git/local location (possibly key-only: relocated onto `artifactRepository`),
   * mode, optional, subPath, archive. The executor (src/executor) places it.
   */
  spec: Record<string, unknown>;
}

/** The repository output artifacts go to when they name no location of their own (Argo's archiveLocation). */
export interface ArtifactRepositoryPlan {
  /** One location kind with the repository's settings; its key is this pod's key prefix (`{{workflow.name}}/{{pod.name}}`). */
  location: Record<string, unknown>;
  /** Save the main container's logs as the `main-logs` artifact. */
  archiveLogs?: boolean;
}

export interface PodPlan {
  /** Argo-style pod name, unique per workflow node attempt. Runtimes key everything on it. */
  podName: string;
  nodeId: string;
  workflow: { namespace: string; name: string; uid: string };
  templateName: string;
  /** Main containers: one for container/script templates, several for containerSet. */
  containers: ContainerPlan[];
  initContainers: ContainerPlan[];
  sidecars: ContainerPlan[];
  /** Kubernetes volumes from the workflow and template. The host runtime refuses a plan that needs one. */
  volumes: Record<string, unknown>[];
  files: FilePlacement[];
  inputArtifacts: InputArtifactPlan[];
  /** Where output artifacts without a location of their own are saved. Absent: the local repository. */
  artifactRepository?: ArtifactRepositoryPlan;
  outputs: {
    parameters: OutputParameterPlan[];
    artifacts: OutputArtifactPlan[];
    /** Capture the main container's stdout as `outputs.result` (script and container templates). */
    captureResult: boolean;
  };
  /** Seconds after start at which the runtime kills the pod and reports `DeadlineExceeded`. */
  activeDeadlineSeconds?: number;
  /** Argo's archiveLogs (template archiveLocation over spec): keep the pod's logs as an artifact. */
  archiveLogs?: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The pod's securityContext (runAsUser, runAsGroup, ...); a container's own one wins. Container runtime. */
  securityContext?: Record<string, unknown>;
  /** The template's podSpecPatch (JSON or YAML), applied by the container runtime for the fields that map. */
  podSpecPatch?: string;
  /**
   * The files of the plan's configMap and secret volumes by volume name, read from the store by the
   * controller just before start (src/runtime/config-sources.ts): paths relative to the mount,
   * base64 content. Never stored or logged: it may hold secret values.
   */
  configVolumes?: Record<string, ConfigVolumeFile[]>;
  /**
   * The workflow has a podGC strategy: the finished pod is kept after its outcome is stored (for
   * inspection) until podGC collects it or the workflow is deleted. Without it a runtime frees the
   * pod as soon as its outcome is stored.
   */
  retain?: boolean;
  /** Claim names (in `volumes`) made from the workflow's volumeClaimTemplates: created and deleted with the workflow. */
  workflowClaims?: string[];
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';

export interface ContainerObservation {
  name: string;
  state: 'waiting' | 'running' | 'terminated';
  exitCode?: number;
  /** e.g. `Error`, `OOMKilled`, `DeadlineExceeded`, `Signal 9`. */
  reason?: string;
}

export interface PodObservation {
  podName: string;
  nodeId: string;
  phase: PodPhase;
  /** ISO-8601 times, taken by the runtime (the engine never reads the clock). */
  startedAt?: string;
  finishedAt?: string;
  /** Argo-style message: `Error (exit code 1)`, `Pod was active on the node longer than the specified deadline`, ... */
  message?: string;
  containers: ContainerObservation[];
  /** The pod's IP address while it runs, when the runtime knows it (`{{steps.X.ip}}` for daemons). */
  podIP?: string;
  outputs?: {
    parameters: EnvVar[];
    /** Main container stdout, capped like Argo caps it (256 KiB). */
    result?: string;
    exitCode?: string;
    /** `location` is the saved artifact's location (key-only in the workflow's repository); `archive` how it was packed. */
    artifacts: {
      name: string;
      path: string;
      location?: Record<string, unknown>;
      archive?: Record<string, unknown>;
    }[];
  };
}
