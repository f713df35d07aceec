/**
 * /submit: paste or upload Workflow YAML, lint it (YAML errors in the browser, the rest through the
 * server's lint endpoint) with the problems shown beside their lines, and submit; or submit a
 * WorkflowTemplate / ClusterWorkflowTemplate through a form built from its parameters.
 */

import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.ts';
import type { Workflow } from '../api/types.ts';
import { ErrorBox, NamespaceField, PageHeader } from '../components/common.tsx';
import { useLoad, useNamespace } from '../components/hooks.ts';
import {
  type Problem,
  parseYamlDocuments,
  placeProblems,
  problemsFromMessage,
} from '../model/lint-problems.ts';
import { parameterArgs, parameterFields } from '../model/parameter-form.ts';
import { navigate } from '../router/navigation.tsx';
import { workflowPath } from '../router/routes.ts';

const EXAMPLE = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: busybox
        command: [echo, hello]
`;

function workflowOf(text: string): { workflow?: Workflow; problems: Problem[] } {
  const { docs, problems } = parseYamlDocuments(text);
  if (problems.length > 0) return { problems };
  if (docs.length !== 1)
    return { problems: [{ message: `expected one Workflow document, found ${docs.length}` }] };
  const doc = docs[0] as Workflow;
  if (doc?.kind !== 'Workflow')
    return { problems: [{ line: 1, message: `kind must be Workflow, not ${String(doc?.kind)}` }] };
  return { workflow: doc, problems: [] };
}

function YamlEditor({
  text,
  onChange,
  problems,
}: {
  text: string;
  onChange: (text: string) => void;
  problems: Problem[];
}) {
  const lines = text.split('\n');
  const marked = new Set(problems.map((p) => p.line).filter((l): l is number => l !== undefined));
  return (
    <div className="editor">
      <div className="gutter" aria-hidden="true">
        {lines.map((_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: line numbers are indexes
          <div key={i} className={marked.has(i + 1) ? 'bad-line' : ''}>
            {i + 1}
          </div>
        ))}
      </div>
      <textarea
        aria-label="Workflow YAML"
        value={text}
        spellCheck={false}
        rows={Math.max(16, lines.length + 1)}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <div role="alert">
      <ul className="problems" aria-label="Lint problems">
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity
          <li key={i}>
            {p.line !== undefined && <strong>line {p.line}: </strong>}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function YamlSubmit({ namespace }: { namespace: string }) {
  const [text, setText] = useState(EXAMPLE);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  const lint = async (): Promise<Workflow | undefined> => {
    setStatus(undefined);
    const { workflow, problems: local } = workflowOf(text);
    if (!workflow) {
      setProblems(local);
      return undefined;
    }
    try {
      await api.lintWorkflow(workflow.metadata?.namespace ?? namespace, workflow);
      setProblems([]);
      return workflow;
    } catch (error) {
      setProblems(placeProblems(text, problemsFromMessage((error as Error).message)));
      return undefined;
    }
  };

  const submit = async () => {
    setBusy(true);
    try {
      const workflow = await lint();
      if (!workflow) return;
      const ns = workflow.metadata?.namespace ?? namespace;
      const created = await api.createWorkflow(ns, workflow);
      navigate(workflowPath(created.metadata.namespace ?? ns, created.metadata.name ?? ''));
    } catch (error) {
      setProblems(placeProblems(text, problemsFromMessage((error as Error).message)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="yaml-title" className="card">
      <h2 id="yaml-title">From YAML</h2>
      <label className="field">
        Upload a file
        <input
          type="file"
          accept=".yaml,.yml,.json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setText(await file.text());
          }}
        />
      </label>
      <YamlEditor text={text} onChange={setText} problems={problems} />
      <ProblemList problems={problems} />
      {status && <p role="status">{status}</p>}
      <div className="buttons">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            if (await lint()) setStatus('No problems found.');
          }}
        >
          Lint
        </button>
        <button type="button" className="primary" disabled={busy} onClick={submit}>
          Submit
        </button>
      </div>
    </section>
  );
}

function TemplateSubmit({
  namespace,
  initial,
}: {
  namespace: string;
  initial?: { name: string; cluster: boolean };
}) {
  const templates = useLoad(async () => {
    const [namespaced, cluster] = await Promise.all([
      api.listWorkflowTemplates(namespace).catch(() => ({ items: [] })),
      api.listClusterWorkflowTemplates().catch(() => ({ items: [] })),
    ]);
    return [
      ...(namespaced.items ?? []).map((t) => ({ t, cluster: false })),
      ...(cluster.items ?? []).map((t) => ({ t, cluster: true })),
    ];
  }, [namespace]);
  const [choice, setChoice] = useState(initial ? `${initial.cluster ? 'c' : 'n'}:${initial.name}` : '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [entrypoint, setEntrypoint] = useState('');
  const [error, setError] = useState<Error>();
  const chosen = templates.data?.find(
    ({ t, cluster }) => `${cluster ? 'c' : 'n'}:${t.metadata.name}` === choice,
  );

  useEffect(() => {
    if (!chosen) return;
    setValues(Object.fromEntries(parameterFields(chosen.t).map((f) => [f.name, f.value])));
    setEntrypoint(chosen.t.spec.entrypoint ?? '');
  }, [chosen]);

  const submit = async () => {
    if (!chosen) return;
    setError(undefined);
    try {
      const wf = await api.submitFrom(
        namespace,
        chosen.cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate',
        chosen.t.metadata.name ?? '',
        parameterArgs(values),
        entrypoint && entrypoint !== chosen.t.spec.entrypoint ? entrypoint : undefined,
      );
      navigate(workflowPath(wf.metadata.namespace ?? namespace, wf.metadata.name ?? ''));
    } catch (e) {
      setError(e as Error);
    }
  };

  const fields = chosen ? parameterFields(chosen.t) : [];
  return (
    <section aria-labelledby="tpl-title" className="card">
      <h2 id="tpl-title">From a template</h2>
      <label className="field">
        Template
        <select value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">— choose —</option>
          {(templates.data ?? []).map(({ t, cluster }) => (
            <option key={`${cluster}:${t.metadata.name}`} value={`${cluster ? 'c' : 'n'}:${t.metadata.name}`}>
              {t.metadata.name}
              {cluster ? ' (cluster)' : ''}
            </option>
          ))}
        </select>
      </label>
      {chosen && (
        <form
          className="param-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label className="field">
            Entrypoint
            <select value={entrypoint} onChange={(e) => setEntrypoint(e.target.value)}>
              {(chosen.t.spec.templates ?? []).map((t) => (
                <option key={t.name}>{t.name}</option>
              ))}
            </select>
          </label>
          {fields.length === 0 && <p className="muted">This template takes no parameters.</p>}
          {fields.map((f) => (
            <label key={f.name} className="field" htmlFor={`param-${f.name}`}>
              {f.name}
              {f.options ? (
                <select
                  id={`param-${f.name}`}
                  name={f.name}
                  value={values[f.name] ?? f.value}
                  onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                >
                  {f.options.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              ) : (
                <input
                  id={`param-${f.name}`}
                  name={f.name}
                  value={values[f.name] ?? f.value}
                  onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                />
              )}
              {f.description && <span className="muted">{f.description}</span>}
            </label>
          ))}
          <ErrorBox error={error} />
          <button type="submit" className="primary">
            Submit
          </button>
        </form>
      )}
    </section>
  );
}

export function SubmitPage({ template, clusterTemplate }: { template?: string; clusterTemplate?: string }) {
  const [namespace, setNamespace] = useNamespace();
  const initial = template
    ? { name: template, cluster: false }
    : clusterTemplate
      ? { name: clusterTemplate, cluster: true }
      : undefined;
  return (
    <div className="page">
      <PageHeader title="Submit a workflow">
        <NamespaceField value={namespace} onChange={setNamespace} />
      </PageHeader>
      <div className="submit-columns">
        <YamlSubmit namespace={namespace} />
        <TemplateSubmit namespace={namespace} {...(initial ? { initial } : {})} />
      </div>
    </div>
  );
}
