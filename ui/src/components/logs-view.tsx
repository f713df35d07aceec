/** A node's logs, streamed from the server; follow keeps the stream open and scrolled to the end. */

import { useEffect, useRef, useState } from 'react';
import { streamLogs } from '../api/watch.ts';
import { ErrorBox } from './common.tsx';

const CONTAINERS = ['main', 'init', 'wait'];
const MAX_LINES = 20_000;

export function LogsView({
  namespace,
  workflow,
  podName,
}: {
  namespace: string;
  workflow: string;
  podName: string;
}) {
  const [container, setContainer] = useState('main');
  const [follow, setFollow] = useState(true);
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<Error>();
  const [ended, setEnded] = useState(false);
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    setLines([]);
    setError(undefined);
    setEnded(false);
    let pending: string[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      setLines((old) => {
        const next = old.concat(batch);
        return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
      });
    };
    const handle = streamLogs(
      namespace,
      workflow,
      { podName, container, follow },
      (entry) => {
        pending.push(entry.content ?? '');
        timer ??= setTimeout(flush, 50);
      },
      setError,
    );
    return () => {
      handle.close();
      if (timer) clearTimeout(timer);
    };
  }, [namespace, workflow, podName, container, follow]);

  useEffect(() => {
    if (follow && box.current && lines.length > 0) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);

  return (
    <section className="logs" aria-label="Logs">
      <div className="logs-controls">
        <label className="field">
          Container
          <select value={container} onChange={(e) => setContainer(e.target.value)}>
            {CONTAINERS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        {ended && <span className="muted">end of log</span>}
      </div>
      <ErrorBox error={error} />
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard */}
      <pre ref={box} className="log-lines" data-testid="log-lines" tabIndex={0} aria-live="off">
        {lines.length === 0 ? <span className="muted">No log lines yet.</span> : lines.join('\n')}
      </pre>
    </section>
  );
}
