#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { reportFatal } from './fatal.js';
/** The `argosy` command: mirrors `argo`'s verbs and flags. */
import { buildProgram } from './program.js';
import { setCliEntry } from './run-controller.js';

// V8 optimizes a function after ~67 KB of its bytecode has run; a command lives a second or two,
// and its optimizing compiler's threads then took a core's worth of CPU from the steps (1,000-task
// DAG: ~0.35 s of 2.2 s). Fifteen times later, a short run compiles little and a long one (a
// server, a 10,000-task DAG) still gets its hot code optimized: 1.30 s -> 1.17 s, and 9.6 s ->
// 9.8 s at 10,000 tasks (docs/benchmarks.md).
setFlagsFromString('--interrupt-budget=1000000');

setCliEntry(import.meta.url);

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.exitCode = reportFatal(err);
  });
