/** /cron-workflows: list with next runs (computed in the browser), detail with suspend/resume. */

import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import type { CronWorkflow } from '../api/types.ts';
import { Empty, ErrorBox, Loading, NamespaceField, PageHeader, YamlView } from '../components/common.tsx';
import { useLoad, useNamespace, useNow } from '../components/hooks.ts';
import { ResourceTable } from '../components/resource-table.tsx';
import { formatAge } from '../format/duration.ts';
import { nextRuns, schedulesOf } from '../model/cron-schedule.ts';
import { Link, navigate } from '../router/navigation.tsx';

const e = encodeURIComponent;

function safeNextRuns(cron: CronWorkflow, now: number, count: number): { runs: Date[]; error?: string } {
  try {
    return { runs: nextRuns(cron, new Date(now), count) };
  } catch (error) {
    return { runs: [], error: (error as Error).message };
  }
}

export function CronWorkflowsPage({ namespace: routeNs }: { namespace?: string }) {
  const [namespace, setNamespace] = useNamespace(routeNs);
  const loaded = useLoad(() => api.listCronWorkflows(namespace), [namespace]);
  const now = useNow(30_000);
  const rows = loaded.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title="Cron workflows">
        <NamespaceField
          value={namespace}
          onChange={(ns) => {
            setNamespace(ns);
            navigate(`/cron-workflows/${e(ns)}`);
          }}
        />
      </PageHeader>
      <ErrorBox error={loaded.error} />
      {loaded.loading && !loaded.data && <Loading what="cron workflows" />}
      {loaded.data && rows.length === 0 && <Empty>No cron workflows in “{namespace}”.</Empty>}
      {rows.length > 0 && (
        <ResourceTable
          label="Cron workflows"
          rows={rows}
          rowKey={(c) => c.metadata.name ?? ''}
          columns={[
            {
              title: 'Name',
              cell: (c) => (
                <Link
                  href={`/cron-workflows/${e(c.metadata.namespace ?? namespace)}/${e(c.metadata.name ?? '')}`}
                >
                  {c.metadata.name}
                </Link>
              ),
            },
            { title: 'Schedule', cell: (c) => schedulesOf(c).join(', ') },
            { title: 'Timezone', cell: (c) => c.spec.timezone || 'UTC' },
            { title: 'State', cell: (c) => (c.spec.suspend ? 'Suspended' : 'Active') },
            {
              title: 'Next run',
              cell: (c) => {
                const { runs, error } = safeNextRuns(c, now, 1);
                return error ? (
                  <span className="bad">{error}</span>
                ) : runs[0] ? (
                  runs[0].toLocaleString()
                ) : (
                  '—'
                );
              },
            },
            { title: 'Last scheduled', cell: (c) => formatAge(c.status?.lastScheduledTime, now) || '—' },
          ]}
        />
      )}
    </div>
  );
}

export function CronWorkflowPage({ namespace, name }: { namespace: string; name: string }) {
  const loaded = useLoad(() => api.getCronWorkflow(namespace, name), [namespace, name]);
  const now = useNow(30_000);
  const [error, setError] = useState<Error>();
  const cron = loaded.data;
  const act = async (action: 'suspend' | 'resume') => {
    setError(undefined);
    try {
      const updated = await api.cronAction(namespace, name, action);
      loaded.setData(() => updated);
    } catch (err) {
      setError(err as Error);
    }
  };
  const { runs, error: scheduleError } = cron ? safeNextRuns(cron, now, 5) : { runs: [] };
  return (
    <div className="page">
      <PageHeader title={name}>
        {cron &&
          (cron.spec.suspend ? (
            <button type="button" onClick={() => act('resume')}>
              Resume
            </button>
          ) : (
            <button type="button" onClick={() => act('suspend')}>
              Suspend
            </button>
          ))}
      </PageHeader>
      <ErrorBox error={loaded.error ?? error} />
      {!cron && !loaded.error && <Loading what="cron workflow" />}
      {cron && (
        <>
          <dl className="summary">
            <dt>Schedule</dt>
            <dd>{schedulesOf(cron).join(', ')}</dd>
            <dt>Timezone</dt>
            <dd>{cron.spec.timezone || 'UTC'}</dd>
            <dt>State</dt>
            <dd data-testid="cron-state">{cron.spec.suspend ? 'Suspended' : 'Active'}</dd>
            <dt>Concurrency</dt>
            <dd>{cron.spec.concurrencyPolicy ?? 'Allow'}</dd>
          </dl>
          <section aria-labelledby="next-runs">
            <h2 id="next-runs">Next runs</h2>
            {scheduleError && <ErrorBox error={scheduleError} />}
            {cron.spec.suspend && <p className="muted">Suspended: no runs are scheduled.</p>}
            <ol className="next-runs">
              {runs.map((d) => (
                <li key={d.getTime()}>
                  <time dateTime={d.toISOString()}>{d.toLocaleString()}</time>
                </li>
              ))}
            </ol>
          </section>
          <YamlView value={cron} label="Cron workflow YAML" />
        </>
      )}
    </div>
  );
}
