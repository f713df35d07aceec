/**
 * Which rows of a fixed-height list are in view at `scrollTop`, with `overscan` rows either side.
 * `scrollTop` may be stale — remembered from a longer list (the previous page) before the browser
 * reports the clamped one — so it is clamped here to what `count` rows allow.
 */
export function visibleRange(
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): { start: number; end: number } {
  const maxTop = Math.max(0, count * rowHeight - viewHeight);
  const first = Math.floor(Math.min(Math.max(0, scrollTop), maxTop) / rowHeight);
  const inView = Math.ceil(viewHeight / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + inView + overscan);
  return { start, end: Math.max(start, end) };
}
