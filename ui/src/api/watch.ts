/** The workflow watch stream (`/api/v1/workflow-events/{ns}`) and the log stream, as typed callbacks. */

import { openStream, type StreamHandle } from './client.ts';
import { unwrapStreamMessage } from './sse-parser.ts';
import type { LogEntry, WatchEvent, Workflow } from './types.ts';

export function watchWorkflows(
  ns: string,
  options: {
    labelSelector?: string;
    fieldSelector?: string;
    /** Only changes after this version (from a list); without it the server first sends every object as ADDED. */
    resourceVersion?: string;
    /** Argo's `fields` for the stream's messages (`result.type,result.object.metadata.name,...`). */
    fields?: string;
  },
  onEvent: (event: WatchEvent<Workflow>) => void,
  onError: (error: Error) => void,
): StreamHandle {
  return openStream(
    `/api/v1/workflow-events/${encodeURIComponent(ns)}`,
    {
      'listOptions.labelSelector': options.labelSelector,
      'listOptions.fieldSelector': options.fieldSelector,
      'listOptions.resourceVersion': options.resourceVersion,
      fields: options.fields,
    },
    (data) => {
      const message = unwrapStreamMessage<WatchEvent<Workflow>>(data);
      if (message.error) onError(new Error(message.error.message ?? 'watch failed'));
      else if (message.result?.object) onEvent(message.result);
    },
    onError,
    { reconnect: true },
  );
}

export function streamLogs(
  ns: string,
  workflow: string,
  options: { podName: string; container: string; follow: boolean; grep?: string },
  onEntry: (entry: LogEntry) => void,
  onError: (error: Error) => void,
): StreamHandle {
  return openStream(
    `/api/v1/workflows/${encodeURIComponent(ns)}/${encodeURIComponent(workflow)}/log`,
    {
      podName: options.podName,
      'logOptions.container': options.container,
      'logOptions.follow': options.follow,
      grep: options.grep,
    },
    (data) => {
      const message = unwrapStreamMessage<LogEntry>(data);
      if (message.error) onError(new Error(message.error.message ?? 'logs failed'));
      else if (message.result) onEntry(message.result);
    },
    onError,
  );
}
