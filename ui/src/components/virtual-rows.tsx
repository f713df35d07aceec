/**
 * A virtualised table: only the rows in view (plus a margin) are in the DOM, so 10,000 workflows
 * scroll smoothly. Rows have a fixed height; spacer rows stand for the rest.
 */

import { type ReactNode, useState } from 'react';
import { visibleRange } from './visible-range.ts';

export function VirtualTable<T>({
  rows,
  rowHeight,
  maxHeight,
  header,
  render,
  label,
  columns,
}: {
  rows: T[];
  rowHeight: number;
  maxHeight: number;
  header: ReactNode;
  render: (row: T, index: number) => ReactNode;
  label: string;
  columns: number;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const height = Math.min(maxHeight, rows.length * rowHeight + 40);
  const { start, end } = visibleRange(scrollTop, height, rowHeight, rows.length, 10);
  return (
    <div
      className="virtual-rows"
      style={{ maxHeight, overflowY: 'auto' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <table className="resources wf-table" aria-label={label} aria-rowcount={rows.length + 1}>
        <thead>{header}</thead>
        <tbody>
          {start > 0 && (
            <tr className="spacer" style={{ height: start * rowHeight }}>
              <td colSpan={columns} />
            </tr>
          )}
          {rows.slice(start, end).map((row, i) => render(row, start + i))}
          {end < rows.length && (
            <tr className="spacer" style={{ height: (rows.length - end) * rowHeight }}>
              <td colSpan={columns} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
