/**
 * The workflow graph in SVG: the layout's positions, Argo UI's node shapes, phase colours; pan by
 * dragging or with the arrow keys, zoom with the wheel or +/-, 0 to fit. Nodes are buttons:
 * Tab moves between them, Enter or Space selects (a collapsed node expands its loop).
 */

import {
  type KeyboardEvent,
  memo,
  type PointerEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type WheelEvent,
} from 'react';
import type { GraphNode } from '../graph/graph-model.ts';
import { FAST_LAYOUT_NODES, type GraphLayout, type PlacedNode } from '../graph/layout.ts';
import { phaseColour, phaseSymbol } from '../graph/phase.ts';

interface View {
  x: number;
  y: number;
  k: number;
}

function fit(layout: GraphLayout, width: number, height: number): View {
  const k = Math.min(
    1.2,
    Math.max(0.25, Math.min(width / (layout.width || 1), height / (layout.height || 1))),
  );
  return { k, x: Math.max(0, (width - layout.width * k) / 2), y: 0 };
}

/** Below this zoom a large graph's texts (labels, phase symbols) are left out. */
const LABEL_ZOOM = 0.5;

const truncate = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

function NodeShape({ node, selected, labelled }: { node: PlacedNode; selected: boolean; labelled: boolean }) {
  const colour = phaseColour(node.phase);
  const ring = selected ? <circle r={20} fill="none" stroke="#2c3e50" strokeWidth={3} /> : null;
  switch (node.shape) {
    case 'group':
      return (
        <>
          {selected && <circle r={10} fill="none" stroke="#2c3e50" strokeWidth={2} />}
          <circle r={6} fill="#fff" stroke={colour} strokeWidth={3} />
        </>
      );
    case 'boundary':
    case 'retry':
    case 'collapsed':
      return (
        <>
          <rect
            x={-node.width / 2}
            y={-14}
            width={node.width}
            height={28}
            rx={14}
            fill={node.shape === 'collapsed' ? '#f4f6f8' : '#fff'}
            stroke={selected ? '#2c3e50' : colour}
            strokeWidth={selected ? 3 : 2}
            strokeDasharray={node.shape === 'boundary' ? undefined : '5 3'}
          />
          {(labelled || node.shape === 'collapsed') && (
            <text textAnchor="middle" dy="0.35em" className="graph-label">
              {node.shape === 'collapsed' ? `⊕ ${node.label}` : truncate(node.label, 20)}
            </text>
          )}
        </>
      );
    case 'suspend':
      return (
        <>
          {ring && (
            <rect
              x={-18}
              y={-28}
              width={36}
              height={36}
              rx={6}
              fill="none"
              stroke="#2c3e50"
              strokeWidth={3}
            />
          )}
          <rect x={-14} y={-24} width={28} height={28} rx={5} fill={colour} />
          {labelled && (
            <>
              <text y={-10} textAnchor="middle" dy="0.35em" className="graph-icon">
                ❚❚
              </text>
              <text y={18} textAnchor="middle" className="graph-label">
                {truncate(node.label, 22)}
              </text>
            </>
          )}
        </>
      );
    default:
      return (
        <>
          {ring && <g transform="translate(0,-10)">{ring}</g>}
          <circle
            cy={-10}
            r={14}
            fill={colour}
            strokeDasharray={node.shape === 'skipped' ? '4 3' : undefined}
            stroke={node.shape === 'skipped' ? '#5c6f7c' : 'none'}
          />
          {labelled && (
            <>
              <text y={-10} textAnchor="middle" dy="0.35em" className="graph-icon">
                {phaseSymbol(node.phase)}
              </text>
              <text y={18} textAnchor="middle" className="graph-label">
                {truncate(node.label, 22)}
              </text>
            </>
          )}
        </>
      );
  }
}

/** One node; memoised on its own values so a selection or a phase change re-renders only what changed. */
const GraphNodeItem = memo(function GraphNodeItem({
  placed,
  label,
  type,
  phase,
  selected,
  labelled,
  onSelect,
}: {
  placed: PlacedNode;
  label: string;
  type: string;
  phase: string;
  selected: boolean;
  labelled: boolean;
  onSelect: (id: string) => void;
}) {
  const node = { ...placed, phase, label };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
    <g
      transform={`translate(${placed.x},${placed.y})`}
      data-node-id={placed.id}
      data-phase={phase}
      data-shape={placed.shape}
      role="button"
      tabIndex={0}
      aria-label={`${label}, ${type}, ${phase}`}
      aria-pressed={selected}
      className="graph-node"
      onClick={() => onSelect(placed.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(placed.id);
        }
      }}
    >
      <title>{`${label} (${type}): ${phase}`}</title>
      <NodeShape node={node} selected={selected} labelled={labelled} />
    </g>
  );
});

export function GraphView({
  layout,
  nodes,
  selectedId,
  onSelect,
}: {
  layout: GraphLayout;
  /** The current nodes (phases change while the layout stays). */
  nodes: Map<string, GraphNode>;
  selectedId: string | undefined;
  onSelect: (node: GraphNode) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | undefined>(undefined);
  const fittedFor = useRef<GraphLayout | undefined>(undefined);
  /** The layout the current zoom was fitted to (until a fit, the zoom is a placeholder for it). */
  const [fittedLayout, setFittedLayout] = useState<GraphLayout>();

  // Until the user pans or zooms, the graph stays fitted when its box changes size (the side panel opens).
  const userMoved = useRef(false);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (userMoved.current || el.clientWidth === 0) return;
      setView(fit(layout, el.clientWidth, el.clientHeight));
      setFittedLayout(layout);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [layout]);

  useEffect(() => {
    if (fittedFor.current === layout || !box.current) return;
    const first = fittedFor.current === undefined;
    fittedFor.current = layout;
    if (first) {
      setView(fit(layout, box.current.clientWidth, box.current.clientHeight));
      setFittedLayout(layout);
    }
    box.current.dataset.graphReady = String(layout.nodes.length);
    window.dispatchEvent(new CustomEvent('argosy:graph-ready', { detail: layout.nodes.length }));
  }, [layout]);

  const zoomAt = (factor: number, cx: number, cy: number) => {
    userMoved.current = true;
    setView((v) => {
      const k = Math.min(4, Math.max(0.05, v.k * factor));
      const f = k / v.k;
      return { k, x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f };
    });
  };

  const onWheel = (e: WheelEvent) => {
    const rect = box.current!.getBoundingClientRect();
    zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - rect.left, e.clientY - rect.top);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const w = box.current!.clientWidth / 2;
    const h = box.current!.clientHeight / 2;
    const step = 60;
    const isArrow = e.key.startsWith('Arrow');
    // Arrow keys pan only when the canvas itself has focus (on a node, Tab/Enter are for the node).
    if (isArrow && e.target !== box.current) return;
    let handled = true;
    if (isArrow) userMoved.current = true;
    switch (e.key) {
      case 'ArrowLeft':
        setView((v) => ({ ...v, x: v.x + step }));
        break;
      case 'ArrowRight':
        setView((v) => ({ ...v, x: v.x - step }));
        break;
      case 'ArrowUp':
        setView((v) => ({ ...v, y: v.y + step }));
        break;
      case 'ArrowDown':
        setView((v) => ({ ...v, y: v.y - step }));
        break;
      case '+':
      case '=':
        zoomAt(1.2, w, h);
        break;
      case '-':
        zoomAt(1 / 1.2, w, h);
        break;
      case '0':
        userMoved.current = false;
        setView(fit(layout, box.current!.clientWidth, box.current!.clientHeight));
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };
  const onPointerDown = (e: PointerEvent) => {
    if ((e.target as Element).closest('[data-node-id]')) return;
    drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (d) {
      userMoved.current = true;
      setView((v) => ({ ...v, x: d.vx + e.clientX - d.x, y: d.vy + e.clientY - d.y }));
    }
  };
  const onPointerUp = () => {
    drag.current = undefined;
  };

  // Selection goes through a ref so the node elements keep one callback and stay memoised.
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const selectById = useCallback((id: string) => {
    const node = nodesRef.current.get(id);
    if (node) onSelectRef.current(node);
  }, []);
  // Arrowheads cost paint time on thousands of edges; the layout already reads top to bottom.
  const big = layout.nodes.length > FAST_LAYOUT_NODES;
  const arrows = !big;
  // A large graph's texts are drawn only once it is fitted at a zoom where they can be read (the
  // node's aria-label and title still name it): thousands of unreadable texts cost most of the paint.
  const labelled = !big || ((fittedLayout === layout || userMoved.current) && view.k >= LABEL_ZOOM);
  // Pan and zoom change only the wrapping transform: these layers are not re-rendered for them.
  const edgeLayer = useMemo(
    () =>
      layout.edges.map((e) => (
        <path
          key={`${e.from}>${e.to}`}
          d={e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ')}
          className="graph-edge"
          markerEnd={arrows ? 'url(#arrow)' : undefined}
        />
      )),
    [layout, arrows],
  );
  const nodeLayer = useMemo(
    () =>
      layout.nodes.map((placed) => {
        const current = nodes.get(placed.id) ?? placed;
        return (
          <GraphNodeItem
            key={placed.id}
            placed={placed}
            label={current.label}
            type={current.type}
            phase={current.phase}
            selected={selectedId === placed.id}
            labelled={labelled}
            onSelect={selectById}
          />
        );
      }),
    [layout, nodes, selectedId, selectById, labelled],
  );

  return (
    <div
      ref={box}
      className="graph-view"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the canvas takes arrow keys to pan and +/- to zoom
      tabIndex={0}
      role="application"
      aria-label="Workflow graph: arrows pan, plus and minus zoom, 0 fits; Tab moves between nodes"
      onWheel={onWheel}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
    >
      <div className="graph-zoom" role="toolbar" aria-label="Zoom">
        <button type="button" onClick={() => zoomAt(1.2, 200, 100)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomAt(1 / 1.2, 200, 100)} aria-label="Zoom out">
          −
        </button>
        <button
          type="button"
          onClick={() => {
            userMoved.current = false;
            setView(fit(layout, box.current!.clientWidth, box.current!.clientHeight));
          }}
          aria-label="Fit graph"
        >
          ⤢
        </button>
      </div>
      <svg width="100%" height="100%">
        <title>Workflow graph</title>
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#8fa4b1" />
          </marker>
        </defs>
        <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
          {edgeLayer}
          {nodeLayer}
        </g>
      </svg>
    </div>
  );
}
