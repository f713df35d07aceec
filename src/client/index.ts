/** client/: the CLI's one interface to Argosy, embedded or over HTTP. */
export { EmbeddedClient } from './embedded-client.js';
export { HttpClient } from './http-client.js';
export { errorFromResponse, HttpTransport, type TransportOptions } from './http-transport.js';
export type { LogRequest, WorkflowClient } from './workflow-client.js';
