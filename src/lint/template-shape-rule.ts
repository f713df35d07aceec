/**
 * Template shape: exactly one template type; at most one of withItems/withParam/withSequence on a
 * step or task; fields that only make sense on leaf (pod-running) or on steps/dag templates; a data
 * template's source names a location to list; a resource template's manifestFrom names one of its
 * input artifacts.
 */
import { asRecord, type Report } from './problem.js';
import type { Rule } from './rule.js';
import {
  callersOf,
  isLeaf,
  TEMPLATE_TYPES,
  type TemplateView,
  templatesOf,
  templateTypes,
} from './workflow-view.js';

const LOOPS = ['withItems', 'withParam', 'withSequence'] as const;

function checkType(t: TemplateView, report: Report): void {
  const types = templateTypes(t.tmpl);
  if (types.length === 0) {
    report(t.path, `template "${t.name}" has no template type: set one of ${TEMPLATE_TYPES.join(', ')}`);
  } else if (types.length > 1) {
    const second = types[1] ?? '';
    report([...t.path, second], `template "${t.name}" has more than one template type: ${types.join(', ')}`);
  }
}

function checkLeafOnly(t: TemplateView, report: Report): void {
  if (templateTypes(t.tmpl).length !== 1) return;
  const leaf = isLeaf(t.tmpl);
  if (!leaf && t.tmpl.timeout !== undefined) {
    report(
      [...t.path, 'timeout'],
      'timeout is only valid on container, script, resource and other leaf templates',
    );
  }
  if (!leaf && t.tmpl.activeDeadlineSeconds !== undefined) {
    report([...t.path, 'activeDeadlineSeconds'], 'activeDeadlineSeconds is only valid on leaf templates');
  }
  if (leaf && t.tmpl.parallelism !== undefined) {
    report([...t.path, 'parallelism'], 'parallelism is only valid on steps and dag templates');
  }
}

function checkLoops(t: TemplateView, report: Report): void {
  for (const caller of callersOf(t)) {
    const present = LOOPS.filter((key) => caller.node[key] !== undefined && caller.node[key] !== null);
    if (present.length > 1) {
      const second = present[1] ?? '';
      report(
        [...caller.path, second],
        `only one of withItems, withParam, withSequence can be specified (found ${present.join(', ')})`,
      );
    }
    const sequence = asRecord(caller.node.withSequence);
    if (sequence && sequence.count !== undefined && sequence.end !== undefined) {
      report(
        [...caller.path, 'withSequence', 'end'],
        'only one of count or end can be defined in withSequence',
      );
    }
  }
}

const LOCATIONS = ['s3', 'local', 'gcs', 'azure', 'oss', 'hdfs', 'artifactory', 'http', 'git', 'raw'];

function checkDataSource(t: TemplateView, report: Report): void {
  const data = asRecord(t.tmpl.data);
  if (!data) return;
  const paths = asRecord(asRecord(data.source)?.artifactPaths);
  if (!paths) {
    report(
      [...t.path, 'data', 'source'],
      'a data template needs source.artifactPaths (the location to list)',
    );
  } else if (!LOCATIONS.some((k) => asRecord(paths[k]) !== undefined)) {
    report(
      [...t.path, 'data', 'source', 'artifactPaths'],
      'artifactPaths needs a location to list, e.g. s3: {key: "{{workflow.name}}/logs"}',
    );
  }
}

/** A resource template's manifest comes from `manifest` or from an input artifact (`manifestFrom`), not both. */
function checkManifestFrom(t: TemplateView, report: Report): void {
  const resource = asRecord(t.tmpl.resource);
  const from = asRecord(resource?.manifestFrom);
  if (!resource || !from) return;
  if (resource.manifest !== undefined && resource.manifest !== '') {
    report(
      [...t.path, 'resource', 'manifestFrom'],
      'give either manifest or manifestFrom in a resource template, not both',
    );
  }
  const name = asRecord(from.artifact)?.name;
  if (typeof name !== 'string') return;
  const inputs = (asRecord(t.tmpl.inputs)?.artifacts ?? []) as unknown[];
  if (!inputs.some((a) => asRecord(a)?.name === name)) {
    report(
      [...t.path, 'resource', 'manifestFrom', 'artifact', 'name'],
      `manifestFrom names artifact "${name}", which is not an input artifact of template "${t.name}"`,
    );
  }
}

export const templateShapeRule: Rule = {
  id: 'template-shape',
  check(ctx, report) {
    if (!ctx.view) return;
    for (const t of templatesOf(ctx.view)) {
      checkType(t, report);
      checkLeafOnly(t, report);
      checkLoops(t, report);
      checkDataSource(t, report);
      checkManifestFrom(t, report);
    }
  },
};
