/**
 * Resource templates' successCondition / failureCondition: Argo parses them as Kubernetes label
 * selectors whose keys are JSON paths into the object (`status.phase == Succeeded`,
 * `status.phase in (Failed, Error)`, `status.succeeded > 0`, comma = and). Pure.
 */

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | '>' | '<' | 'exists' | '!';

export interface Requirement {
  path: string;
  op: Operator;
  values: string[];
}

const REQUIREMENT =
  /^\s*(!)?\s*([A-Za-z0-9_.\-/[\]]+)\s*(?:(==|=|!=|>|<)\s*([^,()\s]*)|\s+(in|notin)\s*\(([^)]*)\))?\s*$/;

/** Splits at commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** The requirements of a condition, or an error message naming what cannot be parsed. */
export function parseCondition(text: string): Requirement[] | string {
  const out: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    if (part.trim() === '') continue;
    const m = REQUIREMENT.exec(part);
    if (!m) return `cannot parse condition "${part.trim()}"`;
    const [, bang, path = '', op, value, setOp, setValues] = m;
    if (bang) {
      if (op || setOp) return `cannot parse condition "${part.trim()}"`;
      out.push({ path, op: '!', values: [] });
    } else if (op) out.push({ path, op: op as Operator, values: [value ?? ''] });
    else if (setOp) {
      const values = (setValues ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      out.push({ path, op: setOp as Operator, values });
    } else out.push({ path, op: 'exists', values: [] });
  }
  return out.length > 0 ? out : 'empty condition';
}

/** The value at a dotted path (`status.phase`, `status.conditions.0.type`) as a string, or undefined. */
export function valueAt(obj: unknown, path: string): string | undefined {
  let current: unknown = obj;
  for (const seg of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (seg === '') continue;
    if (Array.isArray(current)) current = current[Number(seg)];
    else if (current !== null && typeof current === 'object')
      current = (current as Record<string, unknown>)[seg];
    else return undefined;
  }
  if (current === undefined || current === null) return undefined;
  return typeof current === 'string' ? current : JSON.stringify(current);
}

function matches(req: Requirement, obj: unknown): boolean {
  const value = valueAt(obj, req.path);
  switch (req.op) {
    case 'exists':
      return value !== undefined;
    case '!':
      return value === undefined;
    case '=':
    case '==':
      return value === req.values[0];
    case '!=':
      return value !== req.values[0];
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    case '>':
    case '<': {
      const a = Number(value);
      const b = Number(req.values[0]);
      if (value === undefined || Number.isNaN(a) || Number.isNaN(b)) return false;
      return req.op === '>' ? a > b : a < b;
    }
  }
}

/** True when every requirement holds for the object. */
export function conditionHolds(reqs: Requirement[], obj: unknown): boolean {
  return reqs.every((r) => matches(r, obj));
}
