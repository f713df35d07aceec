/** The graph of a workflow with its node side panel; layout is recomputed only when the shape changes. */

import { useMemo, useState } from 'react';
import type { Workflow } from '../api/types.ts';
import type { GraphNode } from '../graph/graph-model.ts';
import { type GraphLayout, layoutGraph } from '../graph/layout.ts';
import { buildWorkflowGraph, DEFAULT_COLLAPSE } from '../graph/loop-collapse.ts';
import { Empty } from './common.tsx';
import { GraphView } from './graph-view.tsx';
import { NodePanel } from './node-panel.tsx';

/** Runs a synchronous layout and records how long it took (read by the benchmark, ui/bench). */
function timed(nodes: number, run: () => GraphLayout): GraphLayout {
  const start = performance.now();
  const placed = run();
  performance.measure('argosy:layout', { start, end: performance.now(), detail: nodes });
  return placed;
}

export function WorkflowGraphPanel({
  workflow,
  selectedId,
  onSelect,
  live,
}: {
  workflow: Workflow;
  selectedId: string | undefined;
  onSelect: (id: string | undefined) => void;
  live: boolean;
}) {
  const name = workflow.metadata.name ?? '';
  const namespace = workflow.metadata.namespace ?? '';
  const nodes = workflow.status?.nodes ?? {};
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const graph = useMemo(
    () => buildWorkflowGraph(name, nodes, { ...DEFAULT_COLLAPSE, expanded }),
    [name, nodes, expanded],
  );
  // The layout depends on the graph's shape only: a phase change keeps it.
  const shapeKey = useMemo(() => `${graph.nodes.map((n) => n.id).join('|')}#${graph.edges.length}`, [graph]);
  // dagre for up to FAST_LAYOUT_NODES nodes, the linear-time layered layout above: both take
  // milliseconds at their sizes, so the layout runs here, when the shape changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when the shape changes
  const layout = useMemo(() => timed(graph.nodes.length, () => layoutGraph(graph)), [shapeKey]);
  const current = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph]);

  const select = (node: GraphNode) => {
    if (node.collapsed) {
      setExpanded((old) => new Set([...old, node.collapsed!.parentId]));
      return;
    }
    onSelect(node.id === selectedId ? undefined : node.id);
  };
  const selected = selectedId ? nodes[selectedId] : undefined;
  if (Object.keys(nodes).length === 0) return <Empty>No nodes yet: the workflow has not started.</Empty>;
  return (
    <div className={`graph-with-panel${selected ? ' has-panel' : ''}`}>
      <GraphView layout={layout} nodes={current} selectedId={selectedId} onSelect={select} />
      {selected && (
        <NodePanel
          key={selected.id}
          node={selected}
          namespace={namespace}
          workflow={name}
          live={live}
          onClose={() => onSelect(undefined)}
        />
      )}
    </div>
  );
}
