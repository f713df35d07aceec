/**
 * The scalar tags of Kubernetes' YAML decoder (go-yaml, YAML 1.1) as `yaml` custom tags. Shared by the
 * `yaml`-based parser and the fast path, so both resolve plain scalars with the very same rules.
 */
import { Document, isScalar, type ScalarTag, type Tags } from 'yaml';

/** YAML 1.1 tags Kubernetes' decoder does not turn into JSON values; they stay plain strings. */
const DROPPED_TAGS = new Set([
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:timestamp',
]);

/** go-yaml's float syntax: a digit is required (`.` and `e5` stay strings). */
const FLOAT_TESTS: Record<string, RegExp> = {
  '': /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/,
  EXP: /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$/,
};

export function kubernetesTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    if (typeof t === 'string') {
      out.push(t);
      continue;
    }
    if (DROPPED_TAGS.has(t.tag) || t.format === 'TIME') continue; // 1:30 stays a string
    const isFloat = t.tag === 'tag:yaml.org,2002:float' && !t.collection && !t.test?.source.includes('inf');
    const test = isFloat ? FLOAT_TESTS[t.format ?? ''] : undefined;
    out.push(test ? ({ ...t, test } as ScalarTag) : t);
  }
  return out;
}

/** The `yaml` options both parsers share (parse-documents adds its error and line options). */
export const YAML_OPTIONS = { version: '1.1', customTags: kubernetesTags, uniqueKeys: false } as const;

/** What a plain scalar means; `undefined` when resolving it reported a problem (the caller declines). */
export type PlainResolver = (source: string, atKey: boolean) => PlainScalar | undefined;

/** A resolved plain scalar; `merge` for a `<<` merge key. */
export interface PlainScalar {
  value: unknown;
  merge: boolean;
}

/**
 * Resolves plain (untagged, unquoted) scalars exactly as `yaml`'s composer does with the options of
 * parse-documents (findScalarTagByTest, then the tag's resolve), using the schema it would build.
 */
export function plainScalarResolver(): PlainResolver {
  const doc = new Document(null, YAML_OPTIONS);
  const schema = doc.schema;
  const scalarTags = schema.tags.filter((t): t is ScalarTag => !t.collection && t.test !== undefined);
  const valueTags = scalarTags.filter((t) => t.default === true);
  const keyTags = scalarTags.filter((t) => t.default === true || t.default === 'key');
  return (source, atKey) => {
    const tag = (atKey ? keyTags : valueTags).find((t) => t.test?.test(source));
    if (!tag) return { value: source, merge: false };
    if (tag.default === 'key') return { value: source, merge: true };
    let failed = false;
    const resolved: unknown = tag.resolve(
      source,
      () => {
        failed = true;
      },
      doc.options,
    );
    const value = isScalar(resolved) ? resolved.value : resolved;
    if (failed || (value !== null && typeof value === 'object')) return undefined;
    return { value, merge: false };
  };
}
