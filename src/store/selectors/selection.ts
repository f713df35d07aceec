/** Label and field selectors together, parsed once and matched against an object. */

import {
  applyNameFilter,
  type FieldRequirement,
  matchesFields,
  type NameFilter,
  parseFieldSelector,
} from './field-selector.js';
import { type LabelRequirement, matchesLabels, parseLabelSelector } from './label-selector.js';

export interface Selection {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export function parseSelection(options: {
  labelSelector?: string;
  fieldSelector?: string;
  nameFilter?: NameFilter;
}): Selection {
  return {
    labels: parseLabelSelector(options.labelSelector),
    fields: applyNameFilter(parseFieldSelector(options.fieldSelector), options.nameFilter),
  };
}

export function matchesSelection(
  selection: Selection,
  obj: { metadata: { name?: string; namespace?: string; labels?: Record<string, string> } },
): boolean {
  return matchesLabels(selection.labels, obj.metadata.labels) && matchesFields(selection.fields, obj);
}
