/** The side panel for one node: summary, timing, message, parameters, artifacts, logs. */

import { useState } from 'react';
import { downloadWithToken, needsAuthorizedDownload } from '../api/download.ts';
import { artifactUrl } from '../api/endpoints.ts';
import { podNameOf } from '../api/pod-name.ts';
import type { Artifact, NodeStatus, Parameter } from '../api/types.ts';
import { elapsedSeconds, formatDuration } from '../format/duration.ts';
import { ErrorBox, PhaseBadge } from './common.tsx';
import { useNow } from './hooks.ts';
import { LogsView } from './logs-view.tsx';

const POD_TYPES = new Set(['Pod', 'Container']);

function Params({ title, params }: { title: string; params: Parameter[] | undefined }) {
  if (!params || params.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table className="kv">
        <tbody>
          {params.map((p) => (
            <tr key={p.name}>
              <th scope="row">{p.name}</th>
              <td>
                <code>{p.value ?? p.default ?? ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Artifacts(props: {
  title: string;
  artifacts: Artifact[] | undefined;
  namespace: string;
  workflow: string;
  nodeId: string;
  direction: 'inputs' | 'outputs';
}) {
  const [error, setError] = useState<Error>();
  if (!props.artifacts || props.artifacts.length === 0) return null;
  return (
    <>
      <h3>{props.title}</h3>
      <ul className="artifacts">
        {props.artifacts.map((a) => {
          const href = artifactUrl(props.namespace, props.workflow, props.nodeId, props.direction, a.name);
          return (
            <li key={a.name}>
              <a
                href={href}
                download
                onClick={(e) => {
                  // In client auth mode the link alone would be refused: fetch it with the token.
                  if (!needsAuthorizedDownload()) return;
                  e.preventDefault();
                  setError(undefined);
                  downloadWithToken(href, a.path?.split('/').pop() || a.name).catch(setError);
                }}
              >
                ⬇ {a.name}
              </a>{' '}
              {a.path && <span className="muted">{a.path}</span>}
            </li>
          );
        })}
      </ul>
      <ErrorBox error={error} />
    </>
  );
}

export function NodePanel({
  node,
  namespace,
  workflow,
  onClose,
  live,
}: {
  node: NodeStatus;
  namespace: string;
  workflow: string;
  onClose: () => void;
  /** Whether logs can be streamed (not for archived workflows). */
  live: boolean;
}) {
  const now = useNow();
  const [tab, setTab] = useState<'summary' | 'logs'>('summary');
  const isPod = POD_TYPES.has(node.type);
  const seconds = elapsedSeconds(node.startedAt, node.finishedAt, now);
  const podName = podNameOf(workflow, node);
  return (
    <aside className="node-panel" aria-label={`Node ${node.displayName ?? node.name}`}>
      <header>
        <h2>{node.displayName || node.name}</h2>
        <button type="button" onClick={onClose} aria-label="Close node panel">
          ✕
        </button>
      </header>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'summary'} onClick={() => setTab('summary')}>
          Summary
        </button>
        {isPod && live && (
          <button type="button" role="tab" aria-selected={tab === 'logs'} onClick={() => setTab('logs')}>
            Logs
          </button>
        )}
      </div>
      {tab === 'logs' && isPod && live ? (
        <LogsView namespace={namespace} workflow={workflow} podName={podName} />
      ) : (
        <div className="panel-body">
          <table className="kv">
            <tbody>
              <tr>
                <th scope="row">Phase</th>
                <td>
                  <PhaseBadge phase={node.phase} type={node.type} />
                </td>
              </tr>
              <tr>
                <th scope="row">Name</th>
                <td>{node.name}</td>
              </tr>
              <tr>
                <th scope="row">ID</th>
                <td>{node.id}</td>
              </tr>
              <tr>
                <th scope="row">Type</th>
                <td>{node.type}</td>
              </tr>
              {(node.templateName || node.templateRef) && (
                <tr>
                  <th scope="row">Template</th>
                  <td>{node.templateName ?? `${node.templateRef?.name}/${node.templateRef?.template}`}</td>
                </tr>
              )}
              {isPod && (
                <tr>
                  <th scope="row">Pod</th>
                  <td>{podName}</td>
                </tr>
              )}
              <tr>
                <th scope="row">Started</th>
                <td>{node.startedAt ? new Date(node.startedAt).toLocaleString() : '—'}</td>
              </tr>
              <tr>
                <th scope="row">Finished</th>
                <td>{node.finishedAt ? new Date(node.finishedAt).toLocaleString() : '—'}</td>
              </tr>
              <tr>
                <th scope="row">Duration</th>
                <td>{seconds === undefined ? '—' : formatDuration(seconds)}</td>
              </tr>
              {node.outputs?.exitCode !== undefined && (
                <tr>
                  <th scope="row">Exit code</th>
                  <td>{node.outputs.exitCode}</td>
                </tr>
              )}
              {node.message && (
                <tr>
                  <th scope="row">Message</th>
                  <td className="message">{node.message}</td>
                </tr>
              )}
            </tbody>
          </table>
          <Params title="Input parameters" params={node.inputs?.parameters} />
          <Artifacts
            title="Input artifacts"
            artifacts={node.inputs?.artifacts}
            {...{ namespace, workflow }}
            nodeId={node.id}
            direction="inputs"
          />
          <Params title="Output parameters" params={node.outputs?.parameters} />
          {node.outputs?.result !== undefined && (
            <>
              <h3>Result</h3>
              <pre className="result">{node.outputs.result}</pre>
            </>
          )}
          <Artifacts
            title="Output artifacts"
            artifacts={node.outputs?.artifacts}
            {...{ namespace, workflow }}
            nodeId={node.id}
            direction="outputs"
          />
        </div>
      )}
    </aside>
  );
}
