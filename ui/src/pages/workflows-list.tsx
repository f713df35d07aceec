/**
 * /workflows[/{namespace}]: the list with namespace, phase, label and name filters, live updates from
 * the watch stream, progress and duration, server-side pages (limit + continue) and virtualised rows.
 */

import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.ts';
import type { Workflow } from '../api/types.ts';
import { watchWorkflows } from '../api/watch.ts';
import { Empty, ErrorBox, Loading, NamespaceField, PageHeader, PhaseBadge } from '../components/common.tsx';
import { useLoad, useNow } from '../components/hooks.ts';
import { VirtualTable } from '../components/virtual-rows.tsx';
import { elapsedSeconds, formatAge, formatDuration, progressFraction } from '../format/duration.ts';
import { applyWatchEvent, type ListFilter, matchesFilter, serverSelection } from '../model/workflow-list.ts';
import { Link, navigate } from '../router/navigation.tsx';
import { workflowPath } from '../router/routes.ts';

const PHASE_CHOICES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'];
const PAGE_SIZES = [50, 100, 500, 1000, 10_000];
const ROW_HEIGHT = 44;
/** Only what the rows show (Argo UI asks the same): no node maps for 10,000 workflows. */
const LIST_FIELDS = [
  'metadata',
  'items.metadata.name',
  'items.metadata.namespace',
  'items.metadata.uid',
  'items.metadata.resourceVersion',
  'items.metadata.creationTimestamp',
  'items.metadata.labels',
  'items.status.phase',
  'items.status.startedAt',
  'items.status.finishedAt',
  'items.status.progress',
  'items.status.message',
].join(',');
const WATCH_FIELDS = [
  'result.type',
  ...LIST_FIELDS.split(',')
    .filter((f) => f.startsWith('items.'))
    .map((f) => f.replace(/^items\./, 'result.object.')),
].join(',');

function Row({ wf, now, index }: { wf: Workflow; now: number; index: number }) {
  const s = wf.status ?? {};
  const fraction = progressFraction(s.progress);
  const seconds = elapsedSeconds(s.startedAt, s.finishedAt, now);
  const ns = wf.metadata.namespace ?? '';
  const name = wf.metadata.name ?? '';
  return (
    <tr style={{ height: ROW_HEIGHT }} data-workflow={name} aria-rowindex={index + 2}>
      <td>
        <PhaseBadge phase={s.phase} />
      </td>
      <td className="c-name">
        <Link href={workflowPath(ns, name)}>{name}</Link>
      </td>
      <td>{ns}</td>
      <td>{formatAge(wf.metadata.creationTimestamp, now)}</td>
      <td>{seconds === undefined ? '—' : formatDuration(seconds)}</td>
      <td>
        {fraction !== undefined && (
          <progress value={fraction} max={1} aria-label={`progress ${s.progress}`}>
            {s.progress}
          </progress>
        )}{' '}
        {s.progress ?? ''}
      </td>
    </tr>
  );
}

export function WorkflowsListPage({ namespace: routeNs }: { namespace?: string }) {
  const [namespace, setNamespaceState] = useState(
    () => routeNs || localStorage.getItem('argosy.namespace') || 'default',
  );
  useEffect(() => {
    if (routeNs) setNamespaceState(routeNs);
  }, [routeNs]);
  const setNamespace = (ns: string) => {
    localStorage.setItem('argosy.namespace', ns);
    navigate(`/workflows/${encodeURIComponent(ns)}`);
  };
  const [filter, setFilter] = useState<ListFilter>({ phases: [], labels: '', search: '' });
  const [labelsText, setLabelsText] = useState('');
  const [pageSize, setPageSize] = useState(100);
  const [pages, setPages] = useState<string[]>(['']); // continue tokens of the pages visited
  const page = pages[pages.length - 1] ?? '';
  const now = useNow();

  // One phase and the name search are selected on the server; several phases are filtered here.
  const { fieldSelector, nameFilter } = serverSelection(filter);
  const loaded = useLoad(
    () =>
      api.listWorkflows(namespace, {
        labelSelector: filter.labels || undefined,
        fieldSelector,
        nameFilter,
        limit: pageSize,
        continue: page || undefined,
        fields: LIST_FIELDS,
      }),
    [namespace, filter.labels, fieldSelector, nameFilter, pageSize, page],
  );
  const [rows, setRows] = useState<Workflow[]>([]);
  useEffect(() => {
    setRows(loaded.data?.items ?? []);
  }, [loaded.data]);
  const firstPage = pages.length === 1;

  // Live updates: the changes after the list's resourceVersion (not every workflow again as ADDED),
  // only the fields the rows show. If the stream fails (its version expired), the list is re-read.
  const listLoaded = loaded.data !== undefined;
  const listVersion = loaded.data?.metadata?.resourceVersion;
  const phasesKey = filter.phases.join(',');
  const { reload } = loaded;
  useEffect(() => {
    if (!listLoaded) return;
    const watchFilter: ListFilter = {
      phases: phasesKey ? phasesKey.split(',') : [],
      labels: filter.labels,
      search: filter.search,
    };
    let retry: ReturnType<typeof setTimeout> | undefined;
    const handle = watchWorkflows(
      namespace,
      { labelSelector: filter.labels || undefined, resourceVersion: listVersion, fields: WATCH_FIELDS },
      (event) => setRows((old) => applyWatchEvent(old, event, watchFilter, firstPage)),
      () => {
        retry = setTimeout(reload, 2000);
      },
    );
    return () => {
      handle.close();
      if (retry) clearTimeout(retry);
    };
  }, [namespace, filter.labels, filter.search, phasesKey, firstPage, listLoaded, listVersion, reload]);

  const shown = rows.filter((wf) => matchesFilter(wf, { ...filter, labels: '' }));
  const next = loaded.data?.metadata?.continue;
  const togglePhase = (phase: string) => {
    setFilter((f) => ({
      ...f,
      phases: f.phases.includes(phase) ? f.phases.filter((p) => p !== phase) : [...f.phases, phase],
    }));
    setPages(['']);
  };
  const resetPages = () => setPages(['']);

  return (
    <div className="page">
      <PageHeader title="Workflows">
        <Link className="button primary" href="/submit">
          + Submit new workflow
        </Link>
      </PageHeader>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <NamespaceField value={namespace} onChange={setNamespace} />
        <label className="field">
          Name
          <input
            type="search"
            value={filter.search}
            placeholder="search by name"
            onChange={(e) => setFilter((f) => ({ ...f, search: e.target.value }))}
          />
        </label>
        <label className="field">
          Labels
          <input
            value={labelsText}
            placeholder="key=value,key2"
            onChange={(e) => setLabelsText(e.target.value)}
            onBlur={() => {
              setFilter((f) => ({ ...f, labels: labelsText.trim() }));
              resetPages();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                setFilter((f) => ({ ...f, labels: labelsText.trim() }));
                resetPages();
              }
            }}
          />
        </label>
        <fieldset className="phases">
          <legend>Phase</legend>
          {PHASE_CHOICES.map((p) => (
            <label key={p} className="checkbox">
              <input type="checkbox" checked={filter.phases.includes(p)} onChange={() => togglePhase(p)} />{' '}
              {p}
            </label>
          ))}
        </fieldset>
        <label className="field">
          Per page
          <select
            value={pageSize}
            onChange={(e) => {
              setPageSize(Number(e.target.value));
              resetPages();
            }}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorBox error={loaded.error} />
      {loaded.loading && !loaded.data && <Loading what="workflows" />}
      {loaded.data && shown.length === 0 && <Empty>No workflows in “{namespace}” match.</Empty>}
      {shown.length > 0 && (
        <VirtualTable
          rows={shown}
          rowHeight={ROW_HEIGHT}
          maxHeight={640}
          columns={6}
          label="Workflows"
          header={
            <tr>
              <th scope="col">Phase</th>
              <th scope="col">Name</th>
              <th scope="col">Namespace</th>
              <th scope="col">Created</th>
              <th scope="col">Duration</th>
              <th scope="col">Progress</th>
            </tr>
          }
          render={(wf, index) => (
            <Row key={`${wf.metadata.namespace}/${wf.metadata.name}`} wf={wf} now={now} index={index} />
          )}
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
