/**
 * Keeps permanent zone labels from covering each other: a protected site in
 * the middle of a no-fly zone would otherwise hide the zone's name. Labels
 * are placed in order; one that overlaps an earlier one steps down, then up,
 * by its own height until it is clear.
 */
import * as L from 'leaflet';

const MAX_STEPS = 6;
const GAP_PX = 2;

const baseOffsets = new WeakMap<L.Tooltip, L.Point>();

/** `tooltips` in priority order: earlier ones keep their place. */
export function declutterLabels(tooltips: readonly L.Tooltip[]): void {
  const placed: DOMRect[] = [];
  for (const tooltip of tooltips) {
    const el = tooltip.getElement();
    if (!el || !tooltip.isOpen()) continue;
    const base = baseOffsets.get(tooltip) ?? L.point(tooltip.options.offset ?? [0, 0]);
    baseOffsets.set(tooltip, base);
    moveTooltip(tooltip, base);
    let rect = el.getBoundingClientRect();
    for (let step = 1; step <= MAX_STEPS && placed.some((r) => overlaps(r, rect)); step++) {
      // 1 → +1 row, 2 → -1 row, 3 → +2 rows, …
      const rows = step % 2 === 1 ? (step + 1) / 2 : -step / 2;
      moveTooltip(tooltip, base.add([0, rows * (rect.height + GAP_PX)]));
      rect = el.getBoundingClientRect();
    }
    placed.push(rect);
  }
}

function moveTooltip(tooltip: L.Tooltip, offset: L.Point): void {
  tooltip.options.offset = offset;
  tooltip.update();
}

function overlaps(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
