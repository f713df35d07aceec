/**
 * go-yaml compatibility: Kubernetes' YAML decoder accepts flow collections and quoted scalars whose
 * continuation lines are indented no deeper than the line they started on, e.g.
 *
 *     args: ["
 *       echo hello
 *     "]
 *
 * The YAML spec (and the `yaml` package) reject that; Argo's own examples use it. When a strict parse
 * fails, the parser retries with such lines indented one column past their start line. That changes
 * no value: leading white space of a quoted scalar's continuation line is folded away, and white space
 * between flow tokens means nothing. Line numbers stay the same.
 */

type State = 'block' | 'flow' | 'dquote' | 'squote' | 'blockScalar';

interface Scan {
  text: string;
  pos: number;
  state: State;
  /** State to return to when a quoted scalar ends. */
  outer: 'block' | 'flow';
  flowDepth: number;
  /** Indent of the line where the current flow collection or quoted scalar started. */
  base: number;
  /** Indent of the line that introduced the current block scalar. */
  blockParent: number;
  lineIndent: number;
  changed: boolean;
}

const NODE_START_AFTER = new Set(['[', '{', ',', ':', '?', '-']);

function previousNonSpace(s: Scan): string {
  let i = s.pos - 1;
  while (i >= 0 && (s.text[i] === ' ' || s.text[i] === '\t')) i--;
  return i < 0 ? '\n' : (s.text[i] ?? '\n');
}

/** True when the block-context character at pos begins a node (not the middle of a plain scalar). */
function atNodeStart(s: Scan): boolean {
  const before = s.text[s.pos - 1];
  if (before === undefined || before === '\n') return true;
  if (before !== ' ' && before !== '\t') return false;
  const prev = previousNonSpace(s);
  if (prev === '\n') return true;
  if (prev === ':' || prev === '-' || prev === '?') {
    const i = s.text.lastIndexOf(prev, s.pos - 1);
    const beforePrev = s.text[i - 1];
    return beforePrev === undefined || beforePrev === ' ' || beforePrev === '\n' || prev === ':';
  }
  return false;
}

function startOfLine(s: Scan, out: string[]): void {
  let indent = 0;
  while (s.text[s.pos + indent] === ' ') indent++;
  const next = s.text[s.pos + indent];
  const blank = next === undefined || next === '\n' || next === '\r';
  if (s.state === 'blockScalar') {
    if (blank || indent > s.blockParent) return;
    s.state = 'block';
  }
  const marker = s.text.startsWith('---', s.pos) || s.text.startsWith('...', s.pos);
  if (indent === 0 && marker && /^(---|\.\.\.)(\s|$)/.test(s.text.slice(s.pos, s.pos + 4))) {
    s.state = 'block';
    s.flowDepth = 0;
  }
  const inside = s.state === 'flow' || s.state === 'dquote' || s.state === 'squote';
  if (inside && !blank && indent <= s.base) {
    out.push(' '.repeat(s.base + 1 - indent));
    s.changed = true;
  }
  if (!inside) s.lineIndent = indent;
}

function stepBlock(s: Scan, c: string): void {
  if (c === '#' && (s.pos === 0 || /\s/.test(s.text[s.pos - 1] ?? ' '))) {
    const end = s.text.indexOf('\n', s.pos);
    s.pos = (end < 0 ? s.text.length : end) - 1;
    return;
  }
  if (!atNodeStart(s)) return;
  if (c === '[' || c === '{') {
    s.state = 'flow';
    s.flowDepth = 1;
    s.base = s.lineIndent;
  } else if (c === '"' || c === "'") {
    s.state = c === '"' ? 'dquote' : 'squote';
    s.outer = 'block';
    s.base = s.lineIndent;
  } else if ((c === '|' || c === '>') && /^[|>][0-9+-]*\s*(#.*)?$/.test(lineRest(s))) {
    s.state = 'blockScalar';
    s.blockParent = s.lineIndent;
  }
}

function lineRest(s: Scan): string {
  const end = s.text.indexOf('\n', s.pos);
  return s.text.slice(s.pos, end < 0 ? s.text.length : end).replace(/\r$/, '');
}

function stepFlow(s: Scan, c: string): void {
  if (c === '#' && /\s/.test(s.text[s.pos - 1] ?? '')) {
    const end = s.text.indexOf('\n', s.pos);
    s.pos = (end < 0 ? s.text.length : end) - 1;
  } else if ((c === '"' || c === "'") && NODE_START_AFTER.has(previousNonSpace(s))) {
    s.state = c === '"' ? 'dquote' : 'squote';
    s.outer = 'flow';
  } else if (c === '[' || c === '{') {
    s.flowDepth++;
  } else if (c === ']' || c === '}') {
    s.flowDepth--;
    if (s.flowDepth <= 0) s.state = 'block';
  }
}

function stepQuoted(s: Scan, c: string): void {
  if (s.state === 'dquote') {
    if (c === '\\') s.pos++;
    else if (c === '"') s.state = s.outer;
  } else if (c === "'") {
    if (s.text[s.pos + 1] === "'") s.pos++;
    else s.state = s.outer;
  }
}

/** The text with under-indented flow/quoted continuation lines indented, or null if none were found. */
export function relaxFlowIndentation(text: string): string | null {
  const s: Scan = {
    text,
    pos: 0,
    state: 'block',
    outer: 'block',
    flowDepth: 0,
    base: 0,
    blockParent: 0,
    lineIndent: 0,
    changed: false,
  };
  const out: string[] = [];
  let copied = 0;
  let lineStart = true;
  for (; s.pos < text.length; s.pos++) {
    if (lineStart) {
      out.push(text.slice(copied, s.pos));
      copied = s.pos;
      startOfLine(s, out);
      lineStart = false;
    }
    const c = text[s.pos] ?? '';
    if (c === '\n') {
      lineStart = true;
      continue;
    }
    if (s.state === 'block') stepBlock(s, c);
    else if (s.state === 'flow') stepFlow(s, c);
    else if (s.state === 'dquote' || s.state === 'squote') stepQuoted(s, c);
    if (s.state === 'blockScalar') {
      const end = text.indexOf('\n', s.pos);
      s.pos = (end < 0 ? text.length : end) - 1;
    }
  }
  out.push(text.slice(copied));
  return s.changed ? out.join('') : null;
}
