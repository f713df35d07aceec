/**
 * What a controller process needs for artifacts, built once from the store and ARGOSY_HOME: the
 * executor's drivers (given to the runtime), and the controller's repository resolver, log archiving
 * and artifact GC. Shared by the CLI's controller and the server's, so both run artifacts the same way.
 */
import { join } from 'node:path';
import { loadControllerConfig } from '../config/index.js';
import {
  deleteArtifacts,
  type ExecutorServices,
  executorServices,
  listArtifactPaths,
} from '../executor/index.js';
import type { Store } from '../store/index.js';
import { archivePodLogs } from './archive-logs.js';
import { artifactRepositoryResolver } from './artifact-repository-resolver.js';
import { artifactReader } from './read-artifact.js';
import { storeSecretReader } from './secret-reader.js';
import type { ControllerOptions } from './workflow-controller.js';

export interface ArtifactWiring {
  artifacts: ExecutorServices;
  controllerOptions: Pick<
    ControllerOptions,
    'resolveArtifactRepository' | 'archiveLogs' | 'deleteArtifacts' | 'listArtifactPaths' | 'readArtifact'
  >;
}

/** The configuration file is --config (passed down as ARGOSY_CONFIG), else $ARGOSY_HOME/config.yaml. */
export function artifactWiring(store: Store, home: string): ArtifactWiring {
  const config = loadControllerConfig(home, process.env.ARGOSY_CONFIG || undefined);
  const artifacts = executorServices({ home, secrets: storeSecretReader(store) });
  return {
    artifacts,
    controllerOptions: {
      resolveArtifactRepository: artifactRepositoryResolver(store, config),
      archiveLogs: (plan) => archivePodLogs(store, artifacts, plan, join(home, 'tmp')),
      deleteArtifacts: (namespace, action) =>
        deleteArtifacts(action.artifacts, action.repository, namespace, artifacts),
      listArtifactPaths: (namespace, action) =>
        listArtifactPaths(action.artifact, action.repository, namespace, artifacts),
      readArtifact: artifactReader(store, artifacts, join(home, 'tmp'), () => config.artifactRepository),
    },
  };
}
