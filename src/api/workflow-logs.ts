/**
 * A workflow's logs as Argo's WorkflowService serves them: `{podName, content}` entries, complete
 * lines (partial pieces joined), optionally one pod, one container, lines matching `grep`, and with
 * `follow` until the workflow completes. Shared by the server's log stream and the embedded CLI.
 */
import { ValidationError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { LogLine, Store } from '../store/index.js';
import { COMPLETED_PHASES } from './api-kinds.js';
import { LogLineJoiner } from './log-line-joiner.js';

const PAGE = 5000;
const FOLLOW_POLL_MS = 200;

export interface LogEntry {
  podName: string;
  content: string;
}

export interface WorkflowLogOptions {
  namespace: string;
  workflow: string;
  podName?: string;
  /** Default `main`. */
  container?: string;
  follow?: boolean;
  /** A regular expression; only matching lines. */
  grep?: string;
  /** Stops following (the client went away). */
  signal?: AbortSignal;
}

export function grepFilter(grep: string | undefined): (text: string) => boolean {
  if (!grep) return () => true;
  let re: RegExp;
  try {
    re = new RegExp(grep);
  } catch (err) {
    throw new ValidationError('grep', `not a regular expression: ${(err as Error).message}`);
  }
  return (text) => re.test(text);
}

/** Reads (and with follow, waits for) the lines; resolves when done. The workflow must exist. */
export async function streamWorkflowLogs(
  store: Store,
  opts: WorkflowLogOptions,
  emit: (entry: LogEntry) => void | Promise<void>,
): Promise<void> {
  const matches = grepFilter(opts.grep);
  const { namespace, workflow } = opts;
  await store.get<Workflow>('Workflow', namespace, workflow, { withNodes: false });
  const filter = {
    namespace,
    workflow,
    podName: opts.podName || undefined,
    container: opts.container || 'main',
  };
  const joiner = new LogLineJoiner();
  const send = async (line: LogLine) => {
    if (matches(line.content)) await emit({ podName: line.podName, content: line.content });
  };
  let after: number | undefined;
  const readNew = async () => {
    for (;;) {
      const lines = await store.readLogs(filter, { sinceSeq: after, limit: PAGE });
      for (const piece of lines) {
        after = piece.seq;
        const line = joiner.push(piece);
        if (line) await send(line);
      }
      if (lines.length < PAGE) return;
    }
  };
  await readNew();
  while (opts.follow && !opts.signal?.aborted) {
    const wf = await store.get<Workflow>('Workflow', namespace, workflow, { withNodes: false });
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
    await readNew();
    // Logs are stored before the status that completes their pod, so none can follow this.
    if (COMPLETED_PHASES.has(wf.status?.phase ?? '')) break;
  }
  for (const line of joiner.flush()) await send(line);
}
