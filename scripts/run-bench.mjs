#!/usr/bin/env node
// `npm run bench`: every benchmark, each printing ratios against a baseline run in the same process.
// Usage: npm run bench [-- names...]   (names: dag, dag10k, lint, tags, artifacts, server)
// ARGOSY_BENCH_PAIRS: make/argosy pairs per DAG size (default 3 for 1,000 tasks, 1 for 10,000).
const wanted = new Set(process.argv.slice(2));
const want = (name, byDefault = true) => (wanted.size === 0 ? byDefault : wanted.has(name));

if (want('lint')) {
  const { runLintBench } = await import('../bench/lint.mjs');
  const r = await runLintBench();
  console.log(
    `lint: ${r.files} files, ${r.documents} documents in ${(r.seconds * 1000).toFixed(1)} ms (${r.problems} problems)`,
  );
}
if (want('tags')) {
  const { runTagBench } = await import('../bench/tags.mjs');
  const r = await runTagBench();
  console.log(
    `tags: ${Math.round(r.simplePerSecond).toLocaleString()} simple substitutions/s, ${Math.round(r.expressionPerSecond).toLocaleString()} expression substitutions/s; baseline String.replaceAll ${Math.round(r.baselinePerSecond).toLocaleString()}/s (ratio ${(r.baselinePerSecond / r.simplePerSecond).toFixed(1)}x)`,
  );
}
for (const [name, n, byDefault] of [
  ['dag', 1000, true],
  ['dag10k', 10000, false],
]) {
  if (!want(name, byDefault)) continue;
  const { runDagBench } = await import('../bench/dag-vs-make.mjs');
  // Pairs run back to back (make, then argosy), so both see the same load; the median pair is the result.
  const pairs = Number(process.env.ARGOSY_BENCH_PAIRS ?? (n > 1000 ? 1 : 3));
  const runs = Array.from({ length: pairs }, () => runDagBench(n)).sort((a, b) => a.ratio - b.ratio);
  const r = runs[Math.floor(runs.length / 2)];
  const all = runs.length > 1 ? ` (pairs: ${runs.map((x) => `${x.ratio.toFixed(2)}x`).join(', ')})` : '';
  console.log(
    `dag ${n} tasks, parallelism 2: make -j2 ${r.makeSeconds.toFixed(2)} s, argosy ${r.argosySeconds.toFixed(2)} s, ratio ${r.ratio.toFixed(2)}x${all}, argosy max RSS ${r.maxRssMb.toFixed(0)} MB`,
  );
}
if (want('artifacts', false)) {
  const { runArtifactBench } = await import('../bench/artifacts.mjs');
  const r = await runArtifactBench();
  const mbps = (s) => (r.totalMb / s).toFixed(0);
  const line = (what, run) =>
    `${what}: save ${run.save.toFixed(1)} s (${mbps(run.save)} MB/s, ${(run.save / r.baseSave).toFixed(2)}x tar czf + cp), ` +
    `load ${run.load.toFixed(1)} s (${mbps(run.load)} MB/s, ${(run.load / r.baseLoad).toFixed(2)}x cp + tar xzf), ` +
    `peak RSS ${run.saveRssMb.toFixed(0)} MB after the save, ${run.maxRssMb.toFixed(0)} MB save + load`;
  console.log(
    `artifacts ${r.totalMb} MB: baseline tar czf + cp ${r.baseSave.toFixed(1)} s, cp + tar xzf ${r.baseLoad.toFixed(1)} s`,
  );
  console.log(`  ${line('local repository', r.local)}`);
  if (r.s3) console.log(`  ${line('s3 (s3rver)', r.s3)}`);
}
if (want('server', false)) {
  const { runServerBench } = await import('../bench/server.mjs');
  await runServerBench();
}
