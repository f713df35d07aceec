/** The runtime layer's public entry: the pod-plan contract, the Runtime seam and its implementations. */

export { ContainerRuntime, type ContainerRuntimeOptions } from './container/container-runtime.js';
export { connectEngine, EngineUnavailableError } from './container/engine-client.js';
export { FakeRuntime, type FakeRuntimeOptions } from './fake-runtime.js';
export { HostRuntime, type HostRuntimeOptions, podDirOf } from './host/host-runtime.js';
export type { Isolation, IsolationSetting } from './host/isolation.js';
export { reapOrphans } from './host/orphans.js';
export { MAX_RESULT_BYTES } from './host/output-capture.js';
export type * from './pod-plan.js';
export type { Runtime, RuntimeSink, StopReason } from './runtime.js';
