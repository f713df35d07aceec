/** /workflow-templates and /cluster-workflow-templates: lists and detail pages with a submit link. */

import { api } from '../api/endpoints.ts';
import type { WorkflowTemplate } from '../api/types.ts';
import { Empty, ErrorBox, Loading, NamespaceField, PageHeader, YamlView } from '../components/common.tsx';
import { useLoad, useNamespace } from '../components/hooks.ts';
import { ResourceTable } from '../components/resource-table.tsx';
import { formatAge } from '../format/duration.ts';
import { Link, navigate } from '../router/navigation.tsx';

const e = encodeURIComponent;

function TemplateTable({ rows, cluster }: { rows: WorkflowTemplate[]; cluster: boolean }) {
  const now = Date.now();
  return (
    <ResourceTable
      label={cluster ? 'Cluster workflow templates' : 'Workflow templates'}
      rows={rows}
      rowKey={(t) => `${t.metadata.namespace}/${t.metadata.name}`}
      columns={[
        {
          title: 'Name',
          cell: (t) => (
            <Link
              href={
                cluster
                  ? `/cluster-workflow-templates/${e(t.metadata.name ?? '')}`
                  : `/workflow-templates/${e(t.metadata.namespace ?? '')}/${e(t.metadata.name ?? '')}`
              }
            >
              {t.metadata.name}
            </Link>
          ),
        },
        ...(cluster ? [] : [{ title: 'Namespace', cell: (t: WorkflowTemplate) => t.metadata.namespace }]),
        { title: 'Entrypoint', cell: (t) => t.spec.entrypoint ?? '' },
        {
          title: 'Parameters',
          cell: (t) => (t.spec.arguments?.parameters ?? []).map((p) => p.name).join(', '),
        },
        { title: 'Created', cell: (t) => formatAge(t.metadata.creationTimestamp, now) },
      ]}
    />
  );
}

export function WorkflowTemplatesPage({ namespace: routeNs }: { namespace?: string }) {
  const [namespace, setNamespace] = useNamespace(routeNs);
  const loaded = useLoad(() => api.listWorkflowTemplates(namespace), [namespace]);
  const rows = loaded.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title="Workflow templates">
        <NamespaceField
          value={namespace}
          onChange={(ns) => {
            setNamespace(ns);
            navigate(`/workflow-templates/${e(ns)}`);
          }}
        />
      </PageHeader>
      <ErrorBox error={loaded.error} />
      {loaded.loading && !loaded.data && <Loading what="templates" />}
      {loaded.data && rows.length === 0 && <Empty>No workflow templates in “{namespace}”.</Empty>}
      {rows.length > 0 && <TemplateTable rows={rows} cluster={false} />}
    </div>
  );
}

export function ClusterWorkflowTemplatesPage() {
  const loaded = useLoad(() => api.listClusterWorkflowTemplates(), []);
  const rows = loaded.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title="Cluster workflow templates" />
      <ErrorBox error={loaded.error} />
      {loaded.loading && !loaded.data && <Loading what="cluster templates" />}
      {loaded.data && rows.length === 0 && <Empty>No cluster workflow templates.</Empty>}
      {rows.length > 0 && <TemplateTable rows={rows} cluster={true} />}
    </div>
  );
}

export function WorkflowTemplatePage({
  namespace,
  name,
  cluster,
}: {
  namespace?: string;
  name: string;
  cluster: boolean;
}) {
  const loaded = useLoad(
    () => (cluster ? api.getClusterWorkflowTemplate(name) : api.getWorkflowTemplate(namespace ?? '', name)),
    [namespace, name, cluster],
  );
  return (
    <div className="page">
      <PageHeader title={name}>
        <Link
          className="button primary"
          href={`/submit?${cluster ? 'clusterTemplate' : 'template'}=${e(name)}`}
        >
          Submit…
        </Link>
      </PageHeader>
      <ErrorBox error={loaded.error} />
      {!loaded.data && !loaded.error && <Loading what="template" />}
      {loaded.data && <YamlView value={loaded.data} label="Template YAML" />}
    </div>
  );
}
