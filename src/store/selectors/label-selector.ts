/**
 * Kubernetes label selectors: parsing (with a ValidationError on bad syntax) and matching.
 * `a=b` and `a==b` become `in (b)`, `a!=b` becomes `notin (b)`, so a store translates only four
 * operators. As in Kubernetes, `notin` and `!=` also match objects without the label.
 */

import { ValidationError } from '../../errors/index.js';

export type LabelOperator = 'in' | 'notin' | 'exists' | '!exists';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** One or more values for in/notin; empty for exists/!exists. */
  values: string[];
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The reason a label key is invalid, or undefined when it is valid (`prefix/name` or `name`). */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `invalid label key "${key}": prefix must be a DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `invalid label key "${key}": name must be 1-63 alphanumeric characters, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

/** The reason a label value is invalid, or undefined (empty values are valid). */
export function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value)) {
    return `invalid label value "${value}": must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '=' || c === '!') {
      const two = source.slice(i, i + 2);
      const op = two === '==' || two === '!=' ? two : c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < source.length && !' \t=!(),'.includes(source[j]!)) j++;
      tokens.push({ kind: 'word', text: source.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  fail(reason: string): never {
    throw new ValidationError('labelSelector', `${reason} in "${this.source}"`);
  }

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  expectOp(text: string): void {
    const t = this.next();
    if (t?.kind !== 'op' || t.text !== text) this.fail(`expected "${text}"`);
  }

  word(what: string): string {
    const t = this.next();
    if (t?.kind !== 'word') this.fail(`expected ${what}`);
    return t.text;
  }

  key(): string {
    const key = this.word('a label key');
    const err = labelKeyError(key);
    if (err) this.fail(err);
    return key;
  }

  value(): string {
    const t = this.peek();
    if (t?.kind !== 'word') return ''; // `a=` selects the empty value
    this.pos++;
    const err = labelValueError(t.text);
    if (err) this.fail(err);
    return t.text;
  }

  valueSet(): string[] {
    this.expectOp('(');
    const values: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'op' && t.text === ')' && values.length === 0) this.fail('a value set cannot be empty');
      values.push(this.value());
      const sep = this.next();
      if (sep?.kind === 'op' && sep.text === ')') return values;
      if (sep?.kind !== 'op' || sep.text !== ',') this.fail('expected "," or ")" in a value set');
    }
  }

  requirement(): LabelRequirement {
    const first = this.peek();
    if (first?.kind === 'op' && first.text === '!') {
      this.pos++;
      return { key: this.key(), operator: '!exists', values: [] };
    }
    const key = this.key();
    const op = this.peek();
    if (op === undefined || (op.kind === 'op' && op.text === ','))
      return { key, operator: 'exists', values: [] };
    this.pos++;
    if (op.kind === 'word' && (op.text === 'in' || op.text === 'notin')) {
      return { key, operator: op.text, values: this.valueSet() };
    }
    if (op.kind === 'op' && (op.text === '=' || op.text === '=='))
      return { key, operator: 'in', values: [this.value()] };
    if (op.kind === 'op' && op.text === '!=') return { key, operator: 'notin', values: [this.value()] };
    return this.fail(`unexpected "${op.text}" after label key "${key}"`);
  }

  selector(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    if (this.peek() === undefined) return reqs;
    for (;;) {
      reqs.push(this.requirement());
      const sep = this.next();
      if (sep === undefined) return reqs;
      if (sep.kind !== 'op' || sep.text !== ',') this.fail(`unexpected "${sep.text}"`);
    }
  }
}

/** Parses a selector; '' or undefined selects everything (no requirements). */
export function parseLabelSelector(source: string | undefined): LabelRequirement[] {
  if (source === undefined || source.trim() === '') return [];
  return new Parser(tokenize(source), source).selector();
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  return requirements.every((req) => {
    const value = labels?.[req.key];
    switch (req.operator) {
      case 'exists':
        return value !== undefined;
      case '!exists':
        return value === undefined;
      case 'in':
        return value !== undefined && req.values.includes(value);
      case 'notin':
        return value === undefined || !req.values.includes(value);
    }
    return false;
  });
}
