/** /event-flow: the namespace's WorkflowEventBindings — which event selector submits which template. */

import { api } from '../api/endpoints.ts';
import { Empty, ErrorBox, Loading, NamespaceField, PageHeader } from '../components/common.tsx';
import { useLoad, useNamespace } from '../components/hooks.ts';
import { ResourceTable } from '../components/resource-table.tsx';
import { Link, navigate } from '../router/navigation.tsx';

const e = encodeURIComponent;

export function EventFlowPage({ namespace: routeNs }: { namespace?: string }) {
  const [namespace, setNamespace] = useNamespace(routeNs);
  const loaded = useLoad(() => api.listEventBindings(namespace), [namespace]);
  const rows = loaded.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title="Event flow">
        <NamespaceField
          value={namespace}
          onChange={(ns) => {
            setNamespace(ns);
            navigate(`/event-flow/${e(ns)}`);
          }}
        />
      </PageHeader>
      <p className="muted">
        Events posted to <code>/api/v1/events/{namespace}/…</code> whose payload matches a binding’s selector
        submit its template.
      </p>
      <ErrorBox error={loaded.error} />
      {loaded.loading && !loaded.data && <Loading what="event bindings" />}
      {loaded.data && rows.length === 0 && <Empty>No workflow event bindings in “{namespace}”.</Empty>}
      {rows.length > 0 && (
        <ResourceTable
          label="Workflow event bindings"
          rows={rows}
          rowKey={(b) => b.metadata.name ?? ''}
          columns={[
            { title: 'Binding', cell: (b) => b.metadata.name },
            { title: 'Event selector', cell: (b) => <code>{b.spec.event?.selector ?? ''}</code> },
            {
              title: 'Submits',
              cell: (b) => {
                const ref = b.spec.submit?.workflowTemplateRef;
                if (!ref) return '—';
                return ref.clusterScope ? (
                  <Link href={`/cluster-workflow-templates/${e(ref.name)}`}>{ref.name} (cluster)</Link>
                ) : (
                  <Link href={`/workflow-templates/${e(namespace)}/${e(ref.name)}`}>{ref.name}</Link>
                );
              },
            },
          ]}
        />
      )}
    </div>
  );
}
