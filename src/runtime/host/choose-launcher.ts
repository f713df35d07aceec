/** Picks how steps are started: the native spawner when it is built, else Node's child_process (one warning). */
import { NativeLauncher } from './native-launcher.js';
import { ShellLauncher } from './shell-launcher.js';
import { DEFAULT_SPAWNER_PATH, findSpawner } from './spawner-client.js';
import type { SpawnerSetting, StepLauncher } from './step-launcher.js';

let warned = false;

/** `ARGOSY_HOST_SPAWNER` (auto | native | node) when set, else `auto`. */
export function spawnerSettingFromEnv(env: NodeJS.ProcessEnv = process.env): SpawnerSetting {
  const value = env.ARGOSY_HOST_SPAWNER;
  return value === 'native' || value === 'node' ? value : 'auto';
}

export function chooseLauncher(
  setting: SpawnerSetting,
  warn: (message: string) => void,
  binary = process.env.ARGOSY_SPAWNER || DEFAULT_SPAWNER_PATH,
): StepLauncher {
  if (setting === 'node') return new ShellLauncher();
  const found = findSpawner(binary);
  if (found) return new NativeLauncher(found);
  if (setting === 'native') throw new Error(`host runtime: the native step spawner ${binary} is not built`);
  if (!warned) {
    warned = true;
    warn(
      `argosy host runtime: the native step spawner is not built (${binary}; \`npm run build:native\` needs a C compiler), so steps start through Node, several times slower.`,
    );
  }
  return new ShellLauncher();
}
