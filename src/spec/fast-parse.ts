/**
 * The fast path of parseDocuments: js-yaml's event parser (several times faster than `yaml` on a cold
 * start) with our own construction, resolving plain scalars through the same `yaml` tags as the slow
 * path. It only answers for input it decides exactly like the `yaml`-based parser; for anything else
 * (js-yaml errors, anchors, aliases, tags, directives, merge keys, non-string keys, collection keys,
 * over-long implicit keys, documents that are not objects, the parse limits) it declines, and the
 * caller runs the slow path, which produces the real values or errors with their lines.
 */
import { EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE, type ScalarEvent } from 'js-yaml';
import { PARSE_LIMITS } from './parse-limits.js';
import { relaxFlowIndentation } from './yaml-compat.js';
import { type PlainResolver, plainScalarResolver } from './yaml11-tags.js';

/** One entry per YAML document: its object, or null for an empty (null) document. */
export type FastDocuments = Array<Record<string, unknown> | null>;

/**
 * `yaml` rejects a `:` more than 1024 characters after the start of an implicit key (js-yaml does
 * not); leave anything close to that to `yaml`.
 */
const MAX_IMPLICIT_KEY = 1000;

class Decline extends Error {}

function decline(why: string): never {
  throw new Decline(why);
}

interface MapFrame {
  map: Record<string, unknown>;
  /** The key read last, waiting for its value; undefined while a key is expected. */
  key: string | undefined;
}

type Frame = MapFrame | unknown[];

let resolver: PlainResolver | undefined;

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

class Builder {
  private readonly stack: Frame[] = [];
  private readonly resolve: PlainResolver;
  private values = 0;
  private root: unknown;
  private rootSet = false;
  readonly docs: FastDocuments = [];

  constructor(private readonly text: string) {
    resolver ??= plainScalarResolver();
    this.resolve = resolver;
  }

  private count(): void {
    if (++this.values > PARSE_LIMITS.maxValues) decline('too many values');
  }

  private expectingKey(): boolean {
    const top = this.stack[this.stack.length - 1];
    return top !== undefined && !Array.isArray(top) && top.key === undefined;
  }

  /** Adds a finished value to the collection on top of the stack, or makes it the document root. */
  private add(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.root = value;
      this.rootSet = true;
    } else if (Array.isArray(top)) {
      top.push(value);
    } else if (top.key === undefined) {
      decline('a collection as a key');
    } else {
      setKey(top.map, top.key, value);
      top.key = undefined;
    }
  }

  private scalar(e: ScalarEvent): void {
    if (e.anchorStart >= 0 || e.tagStart >= 0) decline('an anchor or a tag');
    this.count();
    const atKey = this.expectingKey();
    const source = e.valueStart < 0 ? '' : getScalarValue(this.text, e);
    let value: unknown = source;
    if (e.style === SCALAR_STYLE.PLAIN) {
      const resolved = this.resolve(source, atKey);
      if (!resolved) decline('a plain scalar yaml reports a problem with');
      if (resolved.merge) decline('a merge key');
      value = resolved.value;
    }
    if (atKey) {
      if (typeof value !== 'string') decline('a key that is not a string');
      const colon = this.text.indexOf(':', e.valueEnd);
      if (colon < 0 || colon - e.valueStart > MAX_IMPLICIT_KEY) decline('a long or odd key');
      const top = this.stack[this.stack.length - 1] as MapFrame;
      top.key = value;
    } else {
      this.add(value);
    }
  }

  private open(frame: Frame, e: { anchorStart: number; tagStart: number }): void {
    if (e.anchorStart >= 0 || e.tagStart >= 0) decline('an anchor or a tag');
    if (this.expectingKey()) decline('a collection as a key');
    if (this.stack.length + 1 > PARSE_LIMITS.maxDepth) decline('too deep');
    this.count();
    this.stack.push(frame);
  }

  private pop(): void {
    const frame = this.stack.pop();
    if (frame === undefined) {
      this.endDocument();
      return;
    }
    if (!Array.isArray(frame) && frame.key !== undefined) decline('a key without a value');
    this.add(Array.isArray(frame) ? frame : frame.map);
  }

  private endDocument(): void {
    const root = this.rootSet ? this.root : null;
    if (root !== null && (typeof root !== 'object' || Array.isArray(root)))
      decline('a document that is not an object');
    this.docs.push(root as Record<string, unknown> | null);
    this.root = undefined;
    this.rootSet = false;
  }

  event(e: Event): void {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (e.directives.length > 0) decline('a directive');
        return;
      case EVENT_ID.MAPPING:
        this.open({ map: {}, key: undefined }, e);
        return;
      case EVENT_ID.SEQUENCE:
        this.open([], e);
        return;
      case EVENT_ID.SCALAR:
        this.scalar(e);
        return;
      case EVENT_ID.POP:
        this.pop();
        return;
      default:
        decline('an alias');
    }
  }
}

/** The fast path's answer: the documents, or why it declined (js-yaml's message when it failed). */
export type FastResult = { docs: FastDocuments } | { declined: string };

/**
 * The documents of `text` as plain data, identical to what the `yaml`-based parser yields, or the
 * reason the fast path declines (including every input that is broken or that `yaml` would reject).
 */
export function fastParse(text: string): FastResult {
  try {
    return { docs: build(parseLenient(text)) };
  } catch (err) {
    if (err instanceof Decline) return { declined: err.message };
    return { declined: `js-yaml: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
}

/**
 * js-yaml's events for the text, or (as parse-documents does with `yaml`) for the text with go-yaml's
 * flow indentation leniency applied when the text itself does not parse. The relaxed text has the
 * same values (see yaml-compat); the differential test holds both paths to that.
 */
function parseLenient(text: string): { events: Event[]; source: string } {
  const options = { maxDepth: PARSE_LIMITS.maxDepth + 1 };
  try {
    return { events: parseEvents(text, options), source: text };
  } catch (err) {
    const relaxed = relaxFlowIndentation(text);
    if (relaxed === null) throw err;
    return { events: parseEvents(relaxed, options), source: relaxed };
  }
}

function build(parsed: { events: Event[]; source: string }): FastDocuments {
  checkTabs(parsed.source, parsed.events);
  const builder = new Builder(parsed.source);
  for (const e of parsed.events) builder.event(e);
  return builder.docs;
}

/**
 * js-yaml lets some tabs pass as separation at the start of a line where `yaml` reports "Tabs are not
 * allowed as indentation". A line with content whose leading white space has a tab is only taken
 * when it lies inside a quoted or block scalar (its tabs are content there, for both parsers); blank
 * and comment lines may have tabs.
 */
function checkTabs(text: string, events: Event[]): void {
  const tabLine = /^ *\t[ \t]*[^ \t\r\n#]/gm;
  if (!tabLine.test(text)) return;
  const ranges: Array<[number, number]> = [];
  for (const e of events) {
    if (e.type === EVENT_ID.SCALAR && e.style !== SCALAR_STYLE.PLAIN && e.valueStart >= 0) {
      ranges.push([e.valueStart, e.valueEnd]);
    }
  }
  tabLine.lastIndex = 0;
  for (let m = tabLine.exec(text); m !== null; m = tabLine.exec(text)) {
    const at = m.index;
    if (!ranges.some(([start, end]) => start < at && at < end)) decline('a tab in indentation');
    tabLine.lastIndex = at + m[0].length;
  }
}
