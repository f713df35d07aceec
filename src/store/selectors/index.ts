export {
  type FieldRequirement,
  fieldValue,
  matchesFields,
  NAME_FILTERS,
  type NameFilter,
  parseFieldSelector,
  SELECTABLE_FIELDS,
  type SelectableField,
} from './field-selector.js';
export {
  type LabelOperator,
  type LabelRequirement,
  labelKeyError,
  labelValueError,
  matchesLabels,
  parseLabelSelector,
} from './label-selector.js';
export { matchesSelection, parseSelection, type Selection } from './selection.js';
