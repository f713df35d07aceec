/** What the executor needs from the runtime that calls it: drivers (with secrets) and a retry policy. */
import { join } from 'node:path';
import type { DriverContext } from '../artifacts/driver.js';
import { DriverRegistry } from '../artifacts/drivers/registry.js';
import type { SecretRef } from '../artifacts/location.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../artifacts/retry.js';

export interface ExecutorServices {
  /** Drivers whose credentials come from Secrets of this namespace (the workflow's). */
  drivers(namespace: string): DriverRegistry;
  retry: RetryPolicy;
}

/** Where a step's paths are on the host: the runtime's view of the pod's filesystem. */
export interface PathAccess {
  /** Host path to write what the step must find at `path`. */
  writePath(path: string): string;
  /** Host path of what the step left at `path`, or undefined when there is nothing. */
  readPath(path: string): string | undefined;
}

/** Reads one key of a Secret in a namespace; throws when it is missing. */
export type NamespacedSecretReader = (namespace: string, ref: SecretRef) => Promise<string>;

export interface ExecutorOptions {
  /** $ARGOSY_HOME: the local repository is `<home>/artifacts`, downloads go to `<home>/tmp`. */
  home: string;
  /** Reads Secret values (credentials); default: no secrets available. */
  secrets?: NamespacedSecretReader;
  retry?: RetryPolicy;
  /** Root of the local repository, if not `<home>/artifacts`. */
  localRoot?: string;
}

export function executorServices(options: ExecutorOptions): ExecutorServices {
  const registries = new Map<string, DriverRegistry>();
  const secrets: NamespacedSecretReader =
    options.secrets ??
    (async (_ns, ref) => {
      throw new Error(`secret ${ref.name} (key ${ref.key}) is not available`);
    });
  return {
    retry: options.retry ?? DEFAULT_RETRY,
    drivers(namespace) {
      let registry = registries.get(namespace);
      if (!registry) {
        const ctx: DriverContext = {
          localRoot: options.localRoot ?? join(options.home, 'artifacts'),
          tmpDir: join(options.home, 'tmp'),
          secrets: (ref) => secrets(namespace, ref),
        };
        registry = new DriverRegistry(ctx);
        registries.set(namespace, registry);
      }
      return registry;
    },
  };
}
