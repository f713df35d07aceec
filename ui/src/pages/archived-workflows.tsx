/** /archived-workflows: the archive of completed workflows, and one archived workflow's graph. */

import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import {
  Empty,
  ErrorBox,
  Loading,
  NamespaceField,
  PageHeader,
  PhaseBadge,
  YamlView,
} from '../components/common.tsx';
import { useLoad, useNamespace } from '../components/hooks.ts';
import { ResourceTable } from '../components/resource-table.tsx';
import { WorkflowGraphPanel } from '../components/workflow-graph-panel.tsx';
import { elapsedSeconds, formatAge, formatDuration } from '../format/duration.ts';
import { Link, navigate } from '../router/navigation.tsx';
import { WorkflowSummary } from './workflow-detail.tsx';

const e = encodeURIComponent;

export function ArchivedWorkflowsPage({ namespace: routeNs }: { namespace?: string }) {
  const [namespace, setNamespace] = useNamespace(routeNs);
  const [pages, setPages] = useState<string[]>(['']);
  const page = pages[pages.length - 1] ?? '';
  const loaded = useLoad(
    () => api.listArchived(namespace, { limit: 100, continue: page || undefined }),
    [namespace, page],
  );
  const rows = loaded.data?.items ?? [];
  const now = Date.now();
  const next = loaded.data?.metadata?.continue;
  return (
    <div className="page">
      <PageHeader title="Archived workflows">
        <NamespaceField
          value={namespace}
          onChange={(ns) => {
            setNamespace(ns);
            setPages(['']);
            navigate(`/archived-workflows/${e(ns)}`);
          }}
        />
      </PageHeader>
      <ErrorBox error={loaded.error} />
      {loaded.loading && !loaded.data && <Loading what="archived workflows" />}
      {loaded.data && rows.length === 0 && <Empty>No archived workflows in “{namespace}”.</Empty>}
      {rows.length > 0 && (
        <ResourceTable
          label="Archived workflows"
          rows={rows}
          rowKey={(w) => w.metadata.uid ?? w.metadata.name ?? ''}
          columns={[
            { title: 'Phase', cell: (w) => <PhaseBadge phase={w.status?.phase} /> },
            {
              title: 'Name',
              cell: (w) => (
                <Link
                  href={`/archived-workflows/${e(w.metadata.namespace ?? namespace)}/${e(w.metadata.uid ?? '')}`}
                >
                  {w.metadata.name}
                </Link>
              ),
            },
            { title: 'Started', cell: (w) => formatAge(w.status?.startedAt, now) },
            {
              title: 'Duration',
              cell: (w) => {
                const s = elapsedSeconds(w.status?.startedAt, w.status?.finishedAt, now);
                return s === undefined ? '—' : formatDuration(s);
              },
            },
          ]}
        />
      )}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={pages.length === 1} onClick={() => setPages((p) => p.slice(0, -1))}>
          ‹ Previous
        </button>
        <span>Page {pages.length}</span>
        <button type="button" disabled={!next} onClick={() => next && setPages((p) => [...p, next])}>
          Next ›
        </button>
      </nav>
    </div>
  );
}

export function ArchivedWorkflowPage({ namespace, uid }: { namespace: string; uid: string }) {
  const loaded = useLoad(() => api.getArchived(uid, namespace), [namespace, uid]);
  const [selected, setSelected] = useState<string>();
  const [tab, setTab] = useState<'graph' | 'yaml'>('graph');
  const wf = loaded.data;
  return (
    <div className="page">
      <PageHeader title={wf?.metadata.name ?? uid} />
      <ErrorBox error={loaded.error} />
      {!wf && !loaded.error && <Loading what="archived workflow" />}
      {wf && (
        <>
          <WorkflowSummary workflow={wf} />
          <div className="tabs" role="tablist" aria-label="Views">
            <button type="button" role="tab" aria-selected={tab === 'graph'} onClick={() => setTab('graph')}>
              Graph
            </button>
            <button type="button" role="tab" aria-selected={tab === 'yaml'} onClick={() => setTab('yaml')}>
              YAML
            </button>
          </div>
          {tab === 'yaml' ? (
            <YamlView value={wf} label="Workflow YAML" />
          ) : (
            <WorkflowGraphPanel workflow={wf} selectedId={selected} onSelect={setSelected} live={false} />
          )}
        </>
      )}
    </div>
  );
}
