/** The geometry the layouts share: placed nodes and edges, and the box each node shape occupies. */

import type { GraphNode, NodeShape } from './graph-model.ts';

export interface PlacedNode extends GraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/** The box each shape occupies; labels sit below pods and beside nothing, so the box includes them. */
export function sizeOf(shape: NodeShape): { width: number; height: number } {
  switch (shape) {
    case 'group':
      return { width: 16, height: 16 };
    case 'boundary':
    case 'retry':
    case 'collapsed':
      return { width: 150, height: 32 };
    default:
      return { width: 150, height: 52 };
  }
}

/** How far above and below its centre a shape is drawn (pods' circles sit above their label). */
export function anchorsOf(shape: NodeShape): { top: number; bottom: number } {
  switch (shape) {
    case 'group':
      return { top: -6, bottom: 6 };
    case 'boundary':
    case 'retry':
    case 'collapsed':
      return { top: -14, bottom: 14 };
    default:
      return { top: -24, bottom: 24 };
  }
}
