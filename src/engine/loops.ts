/**
 * withItems / withParam / withSequence: the list of items, each item's variables (`item`, `item.KEY`)
 * and the `name(index:description)` suffix Argo gives the expanded node.
 */
import type { Vars } from '../expr/tags/index.js';
import { substituteText } from './substitution.js';

export interface LoopHolder {
  withItems?: unknown;
  withParam?: string;
  withSequence?: { count?: unknown; start?: unknown; end?: unknown; format?: string };
}

export interface LoopItem {
  /** `name(i:desc)` */
  name: string;
  vars: Vars;
}

export function isLoop(holder: LoopHolder): boolean {
  return (
    holder.withItems !== undefined || holder.withParam !== undefined || holder.withSequence !== undefined
  );
}

/** Go's `%v` for a scalar item. */
function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return stableJson(value);
  return String(value);
}

/** JSON with sorted map keys, as Go's encoding/json writes maps. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function itemOf(baseName: string, index: number, item: unknown): LoopItem {
  if (Array.isArray(item)) {
    const json = stableJson(item);
    return { name: `${baseName}(${index}:${json})`, vars: { item: json } };
  }
  if (typeof item === 'object' && item !== null) {
    const map = item as Record<string, unknown>;
    const vars: Vars = { item: stableJson(map) };
    const parts: string[] = [];
    for (const [key, value] of Object.entries(map)) {
      vars[`item.${key}`] = scalar(value);
      parts.push(`${key}:${scalar(value)}`);
    }
    parts.sort();
    return { name: `${baseName}(${index}:${parts.join(',')})`, vars };
  }
  const text = scalar(item);
  return { name: `${baseName}(${index}:${text})`, vars: { item: text } };
}

/** printf for withSequence.format: %d, %Nd, %0Nd, %x, %X, %o, %s. */
export function formatSequence(format: string, n: number): string {
  return format.replace(/%(0?)(\d*)([dxXos%])/g, (_m, zero: string, width: string, verb: string) => {
    if (verb === '%') return '%';
    let text =
      verb === 'x'
        ? n.toString(16)
        : verb === 'X'
          ? n.toString(16).toUpperCase()
          : verb === 'o'
            ? n.toString(8)
            : String(n);
    const w = Number(width || '0');
    if (text.length < w) text = (zero ? '0' : ' ').repeat(w - text.length) + text;
    return text;
  });
}

function sequence(seq: NonNullable<LoopHolder['withSequence']>, vars: Vars): string[] {
  const num = (v: unknown): number | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    const n = Number(typeof v === 'string' ? substituteText(v, vars) : v);
    if (!Number.isInteger(n)) throw new Error(`withSequence: '${String(v)}' is not an integer`);
    return n;
  };
  const count = num(seq.count);
  const start = num(seq.start) ?? 0;
  const end = num(seq.end);
  if (count !== undefined && end !== undefined)
    throw new Error('withSequence: only one of count or end can be defined');
  const values: number[] = [];
  if (count !== undefined) for (let i = 0; i < count; i++) values.push(start + i);
  else if (end !== undefined) {
    const step = end >= start ? 1 : -1;
    for (let i = start; step > 0 ? i <= end : i >= end; i += step) values.push(i);
  }
  return values.map((v) => (seq.format ? formatSequence(seq.format, v) : String(v)));
}

/** The items of a loop, with tags in withParam/withItems/withSequence resolved against vars. Throws on bad input. */
export function loopItems(holder: LoopHolder, vars: Vars): unknown[] {
  if (holder.withItems !== undefined) {
    if (!Array.isArray(holder.withItems)) throw new Error('withItems must be a list');
    return holder.withItems.map((item) => (typeof item === 'string' ? substituteText(item, vars) : item));
  }
  if (holder.withParam !== undefined) {
    const text = substituteText(holder.withParam, vars);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`withParam value could not be parsed as a JSON list: ${text.trim()}`);
    }
    if (!Array.isArray(parsed))
      throw new Error(`withParam value could not be parsed as a JSON list: ${text.trim()}`);
    return parsed;
  }
  if (holder.withSequence) return sequence(holder.withSequence, vars);
  return [];
}

/** The expanded items of a loop holder, named after baseName. */
export function expandLoop(baseName: string, holder: LoopHolder, vars: Vars): LoopItem[] {
  return loopItems(holder, vars).map((item, i) => itemOf(baseName, i, item));
}
