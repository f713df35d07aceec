// Lints all of ../shared/argo-examples (or our examples/ when absent) together, after a warm-up run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = `${root}../shared/argo-examples`;

export async function runLintBench() {
  const { lintFiles } = await import('../dist/lint/index.js');
  const target = existsSync(shared) ? shared : `${root}examples`;
  await lintFiles([target]);
  const runs = 5;
  let best = Number.POSITIVE_INFINITY;
  let report;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    report = await lintFiles([target]);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(target, { recursive: true }).filter((f) =>
    /\.(ya?ml|json)$/.test(String(f)),
  ).length;
  return { target, files, documents: report.documents, problems: report.problems.length, seconds: best };
}
