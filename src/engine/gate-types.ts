/**
 * The data that synchronization (mutexes, semaphores), memoization and resource templates exchange
 * with the controller. The engine decides; the controller reads and writes the store and reports back.
 * `nodeId` '' means the workflow itself (workflow-level synchronization).
 */
import type { Artifact, Outputs } from '../spec/types.js';

export interface LockRef {
  /** Argo's lock key: `<ns>/Mutex/<name>`, `<ns>/ConfigMap/<configmap>/<key>` or `<ns>/Database/<key>`. */
  key: string;
  kind: 'mutex' | 'semaphore';
  /** Where a semaphore's limit is read from. */
  configMap?: { namespace: string; name: string; key: string };
  /** A `database` semaphore: its limit is in the ConfigMap `argosy-semaphore-limits`, key `key`. */
  databaseKey?: string;
}

export interface LockWaiting {
  key: string;
  kind: 'mutex' | 'semaphore';
  /** Who holds it now: `<ns>/<workflow>` or `<ns>/<workflow>/<nodeId>`. */
  holders: string[];
}

export interface LockObservation {
  kind: 'lock';
  nodeId: string;
  acquired: boolean;
  /** "Waiting for <key> lock. Lock status: <free>/<limit>" while not acquired. */
  message?: string;
  waiting?: LockWaiting[];
  /** The lock cannot be had at all (a missing ConfigMap or key): the node or workflow errors. */
  error?: string;
}

/** A cache entry as Argo stores it in the cache ConfigMap (one data key per memoization key). */
export interface MemoEntry {
  nodeID?: string;
  outputs?: Outputs;
  creationTimestamp?: string;
  lastHitTimestamp?: string;
}

export interface MemoObservation {
  kind: 'memo';
  nodeId: string;
  /** Absent: no entry under the key (a miss). */
  entry?: MemoEntry;
  error?: string;
}

export interface ResourceObservation {
  kind: 'resource';
  nodeId: string;
  phase: 'Succeeded' | 'Failed' | 'Error';
  message?: string;
  outputs?: Outputs;
}

export type GateObservation = LockObservation | MemoObservation | ResourceObservation;

export interface ResourceRequest {
  action: 'get' | 'create' | 'apply' | 'delete' | 'replace' | 'patch';
  /** The substituted manifest (YAML or JSON text; a JSON patch list for mergeStrategy json). */
  manifest?: string;
  /**
   * `manifestFrom`: the template's input artifact (resolved location) whose content is the manifest;
   * the controller reads it before acting.
   */
  manifestArtifact?: Artifact;
  mergeStrategy?: 'strategic' | 'merge' | 'json';
  flags: string[];
  successCondition?: string;
  failureCondition?: string;
  setOwnerReference: boolean;
  /** The workflow running the template (owner reference, default namespace). */
  owner: { namespace: string; name: string; uid: string };
  /** Output parameters taken from the resulting object. */
  outputs: { name: string; jsonPath?: string; jqFilter?: string; default?: string }[];
}

export type GateAction =
  | { type: 'acquireLock'; nodeId: string; locks: LockRef[]; priority: number; creationTimestamp: string }
  | { type: 'releaseLock'; nodeId: string; locks: LockRef[] }
  | { type: 'memoLookup'; nodeId: string; namespace: string; cacheName: string; key: string }
  | {
      type: 'memoSave';
      nodeId: string;
      namespace: string;
      cacheName: string;
      key: string;
      outputs: Outputs;
    }
  | { type: 'resourceRequest'; nodeId: string; request: ResourceRequest };
