/** Every `when:` and `depends:` in the shared Argo examples must parse (and `when` checks syntax). */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { ARGO_EXAMPLES_DIR } from '../../testing/shared-dir.js';
import { parseDepends } from '../depends/index.js';
import { checkWhen } from './index.js';

const EXAMPLES = ARGO_EXAMPLES_DIR;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

function collect(node: unknown, key: string, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, key, out);
  } else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === key && typeof v === 'string') out.push(v);
      else collect(v, key, out);
    }
  }
}

it('parses every when and depends in the Argo examples', (t) => {
  if (!existsSync(EXAMPLES)) {
    t.skip('../shared/argo-examples not present');
    return;
  }
  const whens: string[] = [];
  const depends: string[] = [];
  for (const file of yamlFiles(EXAMPLES)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { logLevel: 'error' })) {
      const value: unknown = doc.toJS();
      collect(value, 'when', whens);
      collect(value, 'depends', depends);
    }
  }
  assert.ok(
    whens.length > 20 && depends.length > 20,
    `found ${whens.length} when, ${depends.length} depends`,
  );
  for (const when of whens) assert.doesNotThrow(() => checkWhen(when), `when: ${when}`);
  for (const d of depends) assert.doesNotThrow(() => parseDepends(d), `depends: ${d}`);
});
