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
  mode?: number;
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
  /** Raw artifact spec (raw data, s3 key, from another node, ...), resolved by the artifact layer. */
  spec: Record<string, unknown>;
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
  outputs: {
    parameters: OutputParameterPlan[];
    artifacts: OutputArtifactPlan[];
    /** Capture the main container's stdout as `outputs.result` (script and container templates). */
    captureResult: boolean;
  };
  /** Seconds after start at which the runtime kills the pod and reports `DeadlineExceeded`. */
  activeDeadlineSeconds?: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
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
  outputs?: {
    parameters: EnvVar[];
    /** Main container stdout, capped like Argo caps it (256 KiB). */
    result?: string;
    exitCode?: string;
    artifacts: { name: string; path: string; location?: Record<string, unknown> }[];
  };
}
