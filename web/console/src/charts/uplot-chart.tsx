import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The series' colours, in order (each with a contrast of 4.5:1 or more on white). */
export const chartPalette = ['#c2410c', '#1d4ed8', '#15803d', '#7e22ce', '#a16207', '#be123c'];
const heightPx = 240;
const minWidthPx = 280;
/** A drag narrower than this is a click, not a selection. */
const minSelectionPx = 4;
/** uPlot's Axis.Side values (an ambient const enum, which isolated modules cannot read). */
const sides = { right: 1, left: 3 } as const;

/** Whether a column has too few values to draw a line. */
const isSparse = (column: readonly (number | null)[]) => column.filter((value) => value !== null).length < 3;

/**
 * The y scales and axes: one shared scale without units; with units, one scale and axis per distinct unit
 * (the first on the left with the grid, the others on the right), its ticks read with the unit.
 */
export function unitAxes(units: readonly string[] | undefined): {
  scaleOf: (index: number) => string;
  axes: uPlot.Axis[];
} {
  if (units === undefined) return { scaleOf: () => 'y', axes: [{ size: 50 }] };
  const distinct = [...new Set(units)];
  const keyOf = (unit: string) => `unit:${unit}`;
  return {
    scaleOf: (index) => keyOf(units[index] ?? ''),
    axes: distinct.map((unit, index): uPlot.Axis => ({
      scale: keyOf(unit),
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see `sides`
      side: index === 0 ? sides.left : sides.right,
      size: 56,
      grid: { show: index === 0 },
      values: (_plot: uPlot, ticks: number[]) =>
        ticks.map((tick) => `${tick}${unit === '' ? '' : ` ${unit}`}`),
    })),
  };
}

/**
 * A time-series chart (uPlot, canvas): `columns` is uPlot's columnar data, times in seconds first, then one
 * column per label (null draws a gap). The x scale is `rangeSeconds`, the asked range rather than the data's,
 * so a single early point sits at its place. `label` names it for people who do not see it. With `units` (one
 * per label) each unit gets its own axis; with `onZoom` a drag across the chart selects a stretch of time,
 * handed over in seconds (the owner of the chart decides what to show then). `colors` (one per label) keep a
 * series' colour when others come and go; by default the palette in order.
 */
export function UPlotChart(props: {
  readonly columns: readonly (readonly (number | null)[])[];
  readonly labels: readonly string[];
  readonly rangeSeconds: readonly [number, number];
  readonly label: string;
  readonly units?: readonly string[];
  readonly colors?: readonly string[];
  readonly onZoom?: (fromSeconds: number, toSeconds: number) => void;
}) {
  const { columns, labels, rangeSeconds, label, units, colors } = props;
  const container = useRef<HTMLDivElement>(null);
  // The latest callback, so that a new closure at each render does not draw the chart again.
  const onZoom = useRef(props.onZoom);
  onZoom.current = props.onZoom;
  const zoomable = props.onZoom !== undefined;
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const { scaleOf, axes } = unitAxes(units);
    const select = (plot: uPlot) => {
      const { left, width } = plot.select;
      if (width >= minSelectionPx) {
        onZoom.current?.(plot.posToVal(left, 'x'), plot.posToVal(left + width, 'x'));
      }
      plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    };
    const plot = new uPlot(
      {
        width: Math.max(minWidthPx, element.clientWidth),
        height: heightPx,
        scales: { x: { time: true, range: [...rangeSeconds] } },
        series: [
          {},
          ...labels.map((name, index) => ({
            label: name,
            scale: scaleOf(index),
            stroke: colors?.[index] ?? chartPalette[index % chartPalette.length],
            // A line needs two points: a lone value (a fleet's first hours) is drawn as a dot.
            ...(isSparse(columns[index + 1] ?? []) && { points: { show: true, size: 7 } }),
          })),
        ],
        axes: [{}, ...axes],
        ...(zoomable && {
          cursor: { drag: { x: true, y: false, setScale: false } },
          hooks: { setSelect: [select] },
        }),
      },
      columns as uPlot.AlignedData,
      element,
    );
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(minWidthPx, element.clientWidth), height: heightPx });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [columns, labels, rangeSeconds, units, colors, zoomable]);
  return <div ref={container} class="chart" role="img" aria-label={label} />;
}
