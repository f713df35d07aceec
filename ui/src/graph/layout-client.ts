/**
 * Lays out large graphs in a Web Worker (layout-worker.ts), one request at a time per graph; falls
 * back to the main thread when workers are unavailable or fail.
 */

import type { WorkflowGraph } from './graph-model.ts';
import { type GraphLayout, layoutGraph } from './layout.ts';

let worker: Worker | undefined;
let broken = false;
let nextId = 1;
const pending = new Map<number, { resolve: (l: GraphLayout) => void; reject: (e: Error) => void }>();

function getWorker(): Worker | undefined {
  if (broken || typeof Worker === 'undefined') return undefined;
  if (!worker) {
    try {
      worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      broken = true;
      return undefined;
    }
    worker.onmessage = (event: MessageEvent<{ id: number; layout?: GraphLayout; error?: string }>) => {
      const waiting = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (!waiting) return;
      if (event.data.layout) waiting.resolve(event.data.layout);
      else waiting.reject(new Error(event.data.error ?? 'layout failed'));
    };
    worker.onerror = () => {
      broken = true;
      for (const waiting of pending.values()) waiting.reject(new Error('layout worker failed'));
      pending.clear();
      worker = undefined;
    };
  }
  return worker;
}

export function layoutInBackground(graph: WorkflowGraph): Promise<GraphLayout> {
  const w = getWorker();
  if (!w) return Promise.resolve(layoutGraph(graph));
  const id = nextId++;
  return new Promise<GraphLayout>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, graph });
  }).catch(() => layoutGraph(graph));
}
