/**
 * Reading the controller configuration: `--config FILE`, else `$ARGOSY_HOME/config.yaml` when it
 * exists, else the defaults (local artifact repository, no limits). The file is either the keys
 * themselves, or a ConfigMap (Argo's workflow-controller-configmap) whose `data` values are YAML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ValidationError } from '../errors/index.js';
import type { ControllerConfig } from './controller-config.js';
import { validateConfig } from './validate-config.js';

export const CONFIG_FILE_NAME = 'config.yaml';

/** The configuration for this home; throws ValidationError (file, key, reason) on a bad file. */
export function loadControllerConfig(home: string, file?: string): ControllerConfig {
  const path = file ?? join(home, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && file === undefined) return { source: '' };
    throw new ValidationError(
      '',
      `cannot read the configuration file ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      {
        file: path,
      },
    );
  }
  return parseControllerConfig(text, path);
}

/** Parses and validates configuration text (`source` names it in errors). */
export function parseControllerConfig(text: string, source: string): ControllerConfig {
  const fail = (path: string, reason: string): never => {
    throw new ValidationError(path, reason, { file: source });
  };
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    fail('', `${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (isConfigMap(value)) value = fromConfigMapData(value.data, fail);
  const { config, problems } = validateConfig(value);
  if (!config || problems.length > 0) {
    const text = problems.map((p) => (p.path ? `${p.path}: ${p.reason}` : p.reason)).join('; ');
    const first = problems[0];
    throw new ValidationError(
      problems.length === 1 && first ? first.path : '',
      problems.length === 1 && first ? first.reason : text,
      { file: source },
    );
  }
  return { ...config, source };
}

function isConfigMap(value: unknown): value is { data?: Record<string, unknown> } {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'ConfigMap';
}

/** A ConfigMap's `data`: every value is a YAML string (Argo's format); numbers may be plain strings. */
function fromConfigMapData(
  data: unknown,
  fail: (path: string, reason: string) => never,
): Record<string, unknown> {
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    return fail('data', 'must be a mapping of key: YAML text');
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    if (typeof raw !== 'string') {
      out[key] = raw;
      continue;
    }
    try {
      out[key] = parse(raw, { maxAliasCount: 100 });
    } catch (err) {
      fail(`data.${key}`, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return out;
}
