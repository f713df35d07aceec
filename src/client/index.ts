/** client/: the CLI's one interface to Argosy, embedded or over HTTP. */
export { EmbeddedClient } from './embedded-client.js';
export { EmbeddedResources } from './embedded-resources.js';
export { HttpClient } from './http-client.js';
export { HttpResources } from './http-resources.js';
export { errorFromResponse, HttpTransport, type TransportOptions } from './http-transport.js';
export type { ArtifactTarget, DataResource, EventOutcome, ResourceClient } from './resource-client.js';
export type { LogRequest, WorkflowClient } from './workflow-client.js';
