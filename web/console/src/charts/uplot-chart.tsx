import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const palette = ['#c2410c', '#1d4ed8', '#15803d', '#7e22ce', '#a16207', '#be123c'];
const heightPx = 240;
const minWidthPx = 280;

/** Whether a column has too few values to draw a line. */
const isSparse = (column: readonly (number | null)[]) => column.filter((value) => value !== null).length < 3;

/**
 * A time-series chart (uPlot, canvas): `columns` is uPlot's columnar data, times in seconds first, then one
 * column per label (null draws a gap). The x scale is `rangeSeconds`, the asked range rather than the data's,
 * so a single early point sits at its place. `label` names it for people who do not see it.
 */
export function UPlotChart(props: {
  readonly columns: readonly (readonly (number | null)[])[];
  readonly labels: readonly string[];
  readonly rangeSeconds: readonly [number, number];
  readonly label: string;
}) {
  const { columns, labels, rangeSeconds, label } = props;
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const plot = new uPlot(
      {
        width: Math.max(minWidthPx, element.clientWidth),
        height: heightPx,
        scales: { x: { time: true, range: [...rangeSeconds] } },
        series: [
          {},
          ...labels.map((name, index) => ({
            label: name,
            stroke: palette[index % palette.length],
            // A line needs two points: a lone value (a fleet's first hours) is drawn as a dot.
            ...(isSparse(columns[index + 1] ?? []) && { points: { show: true, size: 7 } }),
          })),
        ],
        axes: [{}, { size: 50 }],
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
  }, [columns, labels, rangeSeconds]);
  return <div ref={container} class="chart" role="img" aria-label={label} />;
}
