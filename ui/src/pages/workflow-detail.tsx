/** /workflows/{namespace}/{name}: the live graph, the YAML, and the lifecycle actions. */

import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.ts';
import type { Workflow } from '../api/types.ts';
import { watchWorkflows } from '../api/watch.ts';
import { ErrorBox, Loading, PageHeader, PhaseBadge, YamlView } from '../components/common.tsx';
import { ConfirmDialog, type ConfirmRequest } from '../components/confirm-dialog.tsx';
import { useLoad, useNow } from '../components/hooks.ts';
import { WorkflowGraphPanel } from '../components/workflow-graph-panel.tsx';
import { elapsedSeconds, formatDuration } from '../format/duration.ts';
import { ACTION_TEXT, type Action, availableActions } from '../model/workflow-actions.ts';
import { newerWorkflow } from '../model/workflow-version.ts';
import { navigate } from '../router/navigation.tsx';
import { workflowPath } from '../router/routes.ts';

export function WorkflowSummary({ workflow }: { workflow: Workflow }) {
  const now = useNow();
  const s = workflow.status ?? {};
  const seconds = elapsedSeconds(s.startedAt, s.finishedAt, now);
  return (
    <dl className="summary">
      <dt>Phase</dt>
      <dd>
        <PhaseBadge phase={s.phase} />
      </dd>
      <dt>Progress</dt>
      <dd>{s.progress ?? '—'}</dd>
      <dt>Duration</dt>
      <dd>{seconds === undefined ? '—' : formatDuration(seconds)}</dd>
      <dt>Started</dt>
      <dd>{s.startedAt ? new Date(s.startedAt).toLocaleString() : '—'}</dd>
      {s.message && (
        <>
          <dt>Message</dt>
          <dd className="message">{s.message}</dd>
        </>
      )}
    </dl>
  );
}

export function WorkflowDetailPage({
  namespace,
  name,
  nodeId,
  tab,
}: {
  namespace: string;
  name: string;
  nodeId?: string;
  tab?: string;
}) {
  // The GET, the watch and the actions' answers race: the page keeps the newest copy of the three.
  const loaded = useLoad(() => api.getWorkflow(namespace, name), [namespace, name], newerWorkflow);
  const [deleted, setDeleted] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const [confirm, setConfirm] = useState<ConfirmRequest>();
  const [streamError, setStreamError] = useState<Error>();
  const { setData } = loaded;

  useEffect(() => {
    const handle = watchWorkflows(
      namespace,
      { fieldSelector: `metadata.name=${name}` },
      (event) => {
        if (event.object.metadata.name !== name) return;
        setStreamError(undefined);
        if (event.type === 'DELETED') setDeleted(true);
        else setData((old) => newerWorkflow(old, event.object));
      },
      setStreamError,
    );
    return () => handle.close();
  }, [namespace, name, setData]);

  const wf = loaded.data;
  const showTab = tab === 'yaml' ? 'yaml' : 'graph';
  const setUrl = (next: { nodeId?: string; tab?: string }) => {
    const params = new URLSearchParams();
    if (next.nodeId) params.set('nodeId', next.nodeId);
    if (next.tab && next.tab !== 'graph') params.set('tab', next.tab);
    const q = params.toString();
    navigate(workflowPath(namespace, name) + (q ? `?${q}` : ''), { replace: true });
  };

  const run = async (action: Action) => {
    setActionError(undefined);
    try {
      if (action === 'delete') {
        await api.deleteWorkflow(namespace, name);
        navigate(`/workflows/${encodeURIComponent(namespace)}`);
        return;
      }
      const result = await api.workflowAction(namespace, name, action);
      if (action === 'resubmit' && result.metadata?.name) {
        navigate(workflowPath(result.metadata.namespace ?? namespace, result.metadata.name));
        return;
      }
      // The answer may arrive after the watch sent later changes (the workflow may even have finished).
      if (result.metadata?.name === name) setData((old) => newerWorkflow(old, result));
    } catch (error) {
      setActionError(error as Error);
    }
  };

  return (
    <div className="page workflow-detail">
      <PageHeader title={name}>
        {wf &&
          availableActions(wf).map((action) => (
            <button
              key={action}
              type="button"
              className={ACTION_TEXT[action].danger ? 'danger' : ''}
              onClick={() =>
                setConfirm({
                  title: `${ACTION_TEXT[action].label} ${name}`,
                  message: ACTION_TEXT[action].confirm,
                  confirmLabel: ACTION_TEXT[action].label,
                  danger: ACTION_TEXT[action].danger ?? false,
                  onConfirm: () => void run(action),
                })
              }
            >
              {ACTION_TEXT[action].label}
            </button>
          ))}
      </PageHeader>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(undefined)} />
      <ErrorBox error={actionError} />
      {deleted && <ErrorBox error="This workflow was deleted." />}
      {loaded.error && !wf && <ErrorBox error={loaded.error} />}
      {streamError && <p className="muted">Live updates paused: {streamError.message}</p>}
      {!wf && !loaded.error && <Loading what="workflow" />}
      {wf && (
        <>
          <WorkflowSummary workflow={wf} />
          <div className="tabs" role="tablist" aria-label="Views">
            <button
              type="button"
              role="tab"
              aria-selected={showTab === 'graph'}
              onClick={() => setUrl({ nodeId, tab: 'graph' })}
            >
              Graph
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={showTab === 'yaml'}
              onClick={() => setUrl({ nodeId, tab: 'yaml' })}
            >
              YAML
            </button>
          </div>
          {showTab === 'yaml' ? (
            <YamlView value={wf} label="Workflow YAML" />
          ) : (
            <WorkflowGraphPanel
              workflow={wf}
              selectedId={nodeId}
              onSelect={(id) => setUrl(id ? { nodeId: id } : {})}
              live={true}
            />
          )}
        </>
      )}
    </div>
  );
}
