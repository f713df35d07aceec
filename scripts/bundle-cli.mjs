#!/usr/bin/env node
// Bundles the CLI (dist/cli/main.js, compiled by tsc) into one ES module in its place, with the
// dynamically imported parts (server, container runtime, cloud drivers...) as chunks in
// dist/cli/chunks/ loaded only when used. Node then reads a handful of files at start-up instead
// of ~500 (~0.25 s of every `argosy` command on the development machine; docs/benchmarks.md).
// Packages with native code or many dependencies stay external; small pure-JS ones are bundled.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
const BUNDLED = new Set(['yaml', 'commander', 'fast-json-patch', 'croner', 'ajv']);

/** `@scope/name/x` -> `@scope/name`, `name/x` -> `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Bundled CommonJS packages (commander, yaml...) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __argosyCreateRequire } from 'node:module';\nconst require = __argosyCreateRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:')) return { external: true };
          return BUNDLED.has(packageOf(args.path)) ? undefined : { path: args.path, external: true };
        });
      },
    },
  ],
});
