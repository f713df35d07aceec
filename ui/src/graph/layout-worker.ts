/** Web Worker: runs dagre off the main thread for large graphs, so the page stays responsive. */

import type { WorkflowGraph } from './graph-model.ts';
import { layoutGraph } from './layout.ts';

interface Request {
  id: number;
  graph: WorkflowGraph;
}

self.onmessage = (event: MessageEvent<Request>) => {
  const { id, graph } = event.data;
  try {
    self.postMessage({ id, layout: layoutGraph(graph) });
  } catch (error) {
    self.postMessage({ id, error: (error as Error).message });
  }
};
