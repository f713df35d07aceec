/** Carries out the engine's actions: start and stop pods, make HTTP requests, schedule requeues. */
import type { Action, Observation } from '../engine/index.js';
import type { Runtime, RuntimeSink } from '../runtime/runtime.js';
import { performHttpRequest } from './http-request.js';

export interface ActionContext {
  runtime: Runtime;
  sink: RuntimeSink;
  observe: (observation: Observation) => void;
  requeueAfter: (ms: number) => void;
}

export async function executeActions(actions: Action[], ctx: ActionContext): Promise<void> {
  for (const action of actions) {
    switch (action.type) {
      case 'startPod': {
        const { plan } = action;
        try {
          ctx.runtime.check(plan);
          await ctx.runtime.start(plan, ctx.sink);
        } catch (err) {
          const now = new Date().toISOString();
          ctx.observe({
            podName: plan.podName,
            nodeId: plan.nodeId,
            phase: 'Error',
            startedAt: now,
            finishedAt: now,
            message: err instanceof Error ? err.message : String(err),
            containers: [],
          });
        }
        break;
      }
      case 'stopPod':
        await ctx.runtime.stop(action.podName, action.reason);
        break;
      case 'httpRequest':
        void performHttpRequest(action.nodeId, action.request).then(ctx.observe);
        break;
      case 'requeueAfter':
        ctx.requeueAfter(Math.max(0, action.seconds * 1000));
        break;
    }
  }
}
