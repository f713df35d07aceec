#!/usr/bin/env node
import { reportFatal } from './fatal.js';
/** The `argosy` command: mirrors `argo`'s verbs and flags. */
import { buildProgram } from './program.js';
import { setCliEntry } from './run-controller.js';

setCliEntry(import.meta.url);

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.exitCode = reportFatal(err);
  });
