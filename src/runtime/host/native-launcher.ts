/** Starts steps through the native spawner (spawner-client.ts): no fork of Node, no shell, no mount(8). */
import type { ProcessEnd } from './pod-process.js';
import { SpawnerClient } from './spawner-client.js';
import type { StepLauncher, StepProcess, StepRequest } from './step-launcher.js';

export class NativeLauncher implements StepLauncher {
  readonly kind = 'native';
  readonly client: SpawnerClient;

  constructor(binary: string) {
    this.client = new SpawnerClient(binary);
  }

  launch(req: StepRequest): Promise<StepProcess> {
    const client = this.client;
    return new Promise((resolve) => {
      let ended!: (end: ProcessEnd) => void;
      const done = new Promise<ProcessEnd>((r) => {
        ended = r;
      });
      let pid: number | undefined;
      const step: StepProcess = {
        get pid() {
          return pid;
        },
        done,
        async kill(graceMs: number): Promise<ProcessEnd> {
          client.kill(id, 'SIGTERM');
          const timer = setTimeout(() => client.kill(id, 'SIGKILL'), graceMs);
          try {
            return await done;
          } finally {
            clearTimeout(timer);
          }
        },
      };
      const id = client.spawn(
        {
          isolate: req.isolate,
          userNamespace: req.userNamespace,
          home: req.home,
          workingDir: req.workingDir ?? '',
          argv: req.argv,
          env: req.env,
          mounts: req.mounts,
        },
        {
          onStarted: (p) => {
            pid = p;
            resolve(step);
          },
          onStdout: req.onStdout,
          onStderr: req.onStderr,
          onExit: (end) => {
            ended(end);
            resolve(step);
          },
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
