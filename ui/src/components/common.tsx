/** Small shared pieces: phase badge, error box, namespace field, page header, YAML view. */

import { type ReactNode, useEffect, useState } from 'react';
import { stringify } from 'yaml';
import { displayPhase, phaseColour, phaseSymbol } from '../graph/phase.ts';

export function PhaseBadge({ phase, type = '' }: { phase: string | undefined; type?: string }) {
  const shown = displayPhase(type, phase);
  return (
    <span className="phase" style={{ background: phaseColour(shown) }} data-phase={shown}>
      <span aria-hidden="true">{phaseSymbol(shown)}</span> {shown}
    </span>
  );
}

export function ErrorBox({ error }: { error: Error | string | undefined }) {
  if (!error) return null;
  return (
    <div className="error-box" role="alert">
      {typeof error === 'string' ? error : error.message}
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Argosy`;
  }, [title]);
  return (
    <header className="page-header">
      <h1>{title}</h1>
      <div className="page-actions">{children}</div>
    </header>
  );
}

/** A namespace text field that applies on Enter or blur. */
export function NamespaceField({ value, onChange }: { value: string; onChange: (ns: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => {
    const v = text.trim();
    if (v && v !== value) onChange(v);
  };
  return (
    <label className="field">
      Namespace
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
        spellCheck={false}
      />
    </label>
  );
}

export function YamlView({ value, label = 'YAML' }: { value: unknown; label?: string }) {
  return (
    <section aria-label={label}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard */}
      <pre className="yaml" tabIndex={0} data-testid="yaml">
        {stringify(value, { lineWidth: 0 })}
      </pre>
    </section>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
