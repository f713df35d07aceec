/**
 * events/: WorkflowEventBinding dispatch. The server's `POST /api/v1/events/{namespace}/{discriminator}`
 * calls `dispatchEvent(store, namespace, discriminator, body, headers)` with the request's headers as
 * `Record<string, string[]>`; `argosy event send` does the same from the CLI.
 */
export { type DispatchResult, dispatchEvent } from './dispatch-event.js';
export { type EventInput, eventEnv, expressionProblem } from './event-env.js';
