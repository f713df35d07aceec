import { ValidationError } from '../errors/index.js';

/** `name=value` pairs (the value may contain `=`). */
export function parseKeyValues(pairs: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new ValidationError(flag, `expected name=value, got "${pair}"`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** `-l a=b,c=d` */
export function parseLabels(text: string): Record<string, string> {
  return parseKeyValues(
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    '--labels',
  );
}
