/**
 * Tag substitution with Argo's rules (util/template): simple tags look the trimmed name up in the
 * flat map; expression tags are evaluated with expr-lang over the nested environment. A missing
 * variable, an expression error or a nil result leaves the tag verbatim when unresolved tags are
 * allowed, and is an error otherwise.
 */
import { ExpressionError } from '../../errors/index.js';
import { evaluateExprForTag, exprVariablePaths } from '../lang/index.js';
import { buildExprEnv, type EnvMap } from './expr-env.js';
import { type RawTag, scanTags } from './find-tags.js';
import type { SubstituteOptions, Vars } from './tag-types.js';

/** A tag could not be resolved: a variable is missing, or an expression read an unknown name or gave nil. */
export class UnresolvedTagError extends ExpressionError {
  constructor(
    readonly tag: string,
    source: string,
    detail?: string,
  ) {
    super(`failed to resolve ${tag}${detail ? `: ${detail}` : ''}`, source);
  }
}

/**
 * Variables that only exist late (retries, lastRetry.*, exit-handler workflow.status/failures):
 * Argo leaves an expression that reads one of them verbatim while it is absent and unresolved
 * tags are allowed, so that e.g. `workflow.status == 'Failed'` is not decided too early.
 */
const LATE_VARIABLES = [
  'retries',
  'lastRetry.exitCode',
  'lastRetry.status',
  'lastRetry.duration',
  'lastRetry.message',
  'workflow.status',
  'workflow.failures',
];

function readsMissingLateVariable(expression: string, vars: Vars): boolean {
  if (!LATE_VARIABLES.some((name) => expression.includes(name))) return false;
  let paths: string[][];
  try {
    paths = exprVariablePaths(expression);
  } catch {
    return false;
  }
  return paths.some((path) => {
    const joined = path.join('.');
    return LATE_VARIABLES.some(
      (name) => (joined === name || joined.startsWith(`${name}.`)) && !Object.hasOwn(vars, name),
    );
  });
}

function isUnknownNameError(err: unknown): boolean {
  if (!(err instanceof ExpressionError)) return false;
  if (err.constructor.name === 'UnknownNameError') return true;
  return /unknown name/i.test(err.reason);
}

class Substituter {
  private env: EnvMap | undefined;

  constructor(
    private readonly vars: Vars,
    private readonly allowUnresolved: boolean,
  ) {}

  replace(text: string): string {
    if (!text.includes('{{')) return text;
    const tags = scanTags(text);
    let out = '';
    let cursor = 0;
    for (const tag of tags) {
      out += text.slice(cursor, tag.start);
      out += tag.kind === 'expression' ? this.expression(tag, text) : this.simple(tag, text);
      cursor = tag.end;
    }
    return out + text.slice(cursor);
  }

  private lookup(name: string): string | undefined {
    return Object.hasOwn(this.vars, name) ? this.vars[name] : undefined;
  }

  private simple(tag: RawTag, text: string): string {
    const value = this.lookup(tag.raw.trim());
    if (typeof value === 'string') return value;
    // `{{a{{b}}`: Argo resolves the innermost `{{b}}` and keeps the outer `{{a` for a later pass.
    const nested = tag.raw.lastIndexOf('{{');
    if (nested > 0) {
      const inner = this.lookup(tag.raw.slice(nested + 2));
      if (typeof inner === 'string') return `{{${tag.raw.slice(0, nested)}${inner}`;
    }
    if (this.allowUnresolved) return `{{${tag.raw}}}`;
    throw new UnresolvedTagError(`{{${tag.raw}}}`, text);
  }

  private expression(tag: RawTag, text: string): string {
    const verbatim = `{{${tag.raw}}}`;
    const source = tag.raw.slice(1);
    if (this.allowUnresolved && readsMissingLateVariable(source, this.vars)) return verbatim;
    this.env ??= buildExprEnv(this.vars);
    let result: string | undefined;
    try {
      // Go's %v of the value, as Argo's expression templates insert it ([1 2], map[a:1], 2e+06).
      result = evaluateExprForTag(source, this.env);
    } catch (err) {
      if (this.allowUnresolved) return verbatim;
      if (isUnknownNameError(err)) {
        throw new UnresolvedTagError(verbatim, text, (err as ExpressionError).reason);
      }
      const reason = err instanceof ExpressionError ? err.reason : String(err);
      throw new ExpressionError(`failed to evaluate expression ${verbatim}: ${reason}`, text);
    }
    if (result === undefined) {
      if (this.allowUnresolved) return verbatim;
      throw new UnresolvedTagError(verbatim, text, 'expression evaluated to nil');
    }
    return result;
  }
}

/** Replaces every tag; throws ExpressionError naming the tag when a variable is missing (unless allowUnresolved). */
export function substitute(text: string, vars: Vars, options?: SubstituteOptions): string {
  return new Substituter(vars, options?.allowUnresolved ?? false).replace(text);
}

const MAX_DEPTH = 1000;

function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function deep(value: unknown, substituter: Substituter, depth: number, source: string): unknown {
  if (depth > MAX_DEPTH) throw new ExpressionError('value nested too deeply to substitute', source);
  if (typeof value === 'string') return substituter.replace(value);
  if (Array.isArray(value)) return value.map((item) => deep(item, substituter, depth + 1, source));
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const name = substituter.replace(key);
      const substituted = deep(item, substituter, depth + 1, source);
      // A plain assignment is several times faster; only `__proto__` would set the prototype instead.
      if (name === '__proto__') defineOwn(out, name, substituted);
      else out[name] = substituted;
    }
    return out;
  }
  return value;
}

/**
 * Substitutes in every string (and object key, as Argo replaces in the template's JSON text) of a
 * JSON-like value; returns a new value and leaves the input untouched.
 */
export function substituteDeep<T>(value: T, vars: Vars, options?: SubstituteOptions): T {
  const substituter = new Substituter(vars, options?.allowUnresolved ?? false);
  return deep(value, substituter, 0, '(value)') as T;
}
