/**
 * Whether a pod's logs are to be archived as an artifact (Argo's `archiveLogs`): the template's
 * archiveLocation.archiveLogs wins over the workflow's spec.archiveLogs; absent both, undefined (the
 * controller's default applies). The engine only records this intent on the pod plan; the artifact
 * layer stores the logs.
 */
import type { Template, WorkflowSpec } from '../spec/types.js';

export function archiveLogsOf(spec: WorkflowSpec, tmpl: Template): boolean | undefined {
  return tmpl.archiveLocation?.archiveLogs ?? spec.archiveLogs;
}
