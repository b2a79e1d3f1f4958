import { useMemo, useState } from 'preact/hooks';
import { chartPalette, UPlotChart } from '../charts/uplot-chart';
import { ErrorState, Loading } from '../layout/page-states';
import type { Loaded } from '../layout/use-loaded';
import { keepShownMetrics, summarizeSeries, toChartView, type DeviceHistory } from './chart-data';
import { MetricChoice, RangeChoice, ZoomControls } from './chart-controls';
import { clampToWindow, zoomInOn, type ChartRange, type TimeWindow } from './chart-query';
import { useDeviceHistory } from './use-device-history';

const readTime = (timeMs: number) =>
  new Date(timeMs).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

/** The chart of the shown metrics over a window, and what it shows as text. */
function HistoryFigure(props: {
  readonly history: DeviceHistory;
  readonly shown: readonly string[];
  readonly window: TimeWindow;
  readonly onZoom: (window: TimeWindow) => void;
}) {
  const { history, shown, window, onZoom } = props;
  const shownKey = shown.join(',');
  const { series, columns, units, labels, colors, rangeSeconds } = useMemo(() => {
    const view = toChartView(history, shown, window);
    return {
      ...view,
      labels: view.series.map(({ metric }) => metric),
      colors: view.colorIndexes.map((index) => chartPalette[index % chartPalette.length] ?? '#000'),
      rangeSeconds: [window.fromMs / 1000, window.toMs / 1000] as const,
    };
    // `shown` is a new array at each render: its names say when it changes.
  }, [history, shownKey, window.fromMs, window.toMs]);
  if (series.every(({ points }) => points.length === 0)) {
    return <p class="empty-state">No readings in this range.</p>;
  }
  return (
    <figure>
      <UPlotChart
        columns={columns}
        labels={labels}
        units={units}
        colors={colors}
        rangeSeconds={rangeSeconds}
        label={`History of ${labels.join(' and ')} from ${readTime(window.fromMs)} to ${readTime(window.toMs)}; drag across it to zoom`}
        onZoom={(fromSeconds, toSeconds) => {
          const selected = { fromMs: Math.round(fromSeconds * 1000), toMs: Math.round(toSeconds * 1000) };
          onZoom(clampToWindow(selected, window));
        }}
      />
      <figcaption>
        <ul class="chart-summary">
          {summarizeSeries(series).map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** The range's history with the metric choice and zoom: the finer read of the zoomed window where there is one. */
function LoadedHistory(props: {
  readonly ranged: DeviceHistory;
  readonly zoomed: Loaded<DeviceHistory | undefined> & { readonly reload: () => void };
  readonly range: ChartRange;
  readonly zoom: TimeWindow | undefined;
  readonly onZoom: (window: TimeWindow | undefined) => void;
  readonly picked: readonly string[];
  readonly onPicked: (picked: string[]) => void;
}) {
  const { ranged, zoomed, range, zoom, onZoom, picked, onPicked } = props;
  if (ranged.series.length === 0) {
    return <p class="empty-state">No readings in the last {range} yet: they appear as the device reports.</p>;
  }
  const metrics = ranged.series.map(({ metric }) => metric);
  const shown = keepShownMetrics(picked, metrics);
  const window = zoom ?? { fromMs: Date.parse(ranged.from), toMs: Date.parse(ranged.to) };
  const history = zoomed.status === 'loaded' && zoomed.value !== undefined ? zoomed.value : ranged;
  return (
    <>
      <MetricChoice metrics={metrics} shown={shown} onShown={onPicked} />
      <ZoomControls
        zoomed={zoom !== undefined}
        shownText={
          zoom === undefined
            ? `Showing the last ${range}.`
            : `Zoomed in: ${readTime(zoom.fromMs)} to ${readTime(zoom.toMs)}.`
        }
        onZoomIn={() => {
          onZoom(zoomInOn(window));
        }}
        onReset={() => {
          onZoom(undefined);
        }}
      />
      {zoomed.status === 'failed' ? (
        <ErrorState message={zoomed.message} onRetry={zoomed.reload} />
      ) : (
        <HistoryFigure history={history} shown={shown} window={window} onZoom={onZoom} />
      )}
    </>
  );
}

/**
 * The device's reported numeric state over the last hour, day, week or year (public-api's history route, which
 * reads raw points or rollups for it): the metrics picked, zoomed by dragging or with the buttons.
 */
export function TelemetryChart({ homeId, deviceId }: { readonly homeId: string; readonly deviceId: string }) {
  const [range, setRange] = useState<ChartRange>('hour');
  const [zoom, setZoom] = useState<TimeWindow | undefined>(undefined);
  // Kept across ranges: the metrics picked stay picked when the range changes.
  const [picked, setPicked] = useState<string[]>([]);
  const { ranged, zoomed } = useDeviceHistory({ homeId, deviceId }, range, zoom);
  const { state } = ranged;
  return (
    <section class="panel" aria-labelledby="chart-title">
      <h2 id="chart-title">History</h2>
      <RangeChoice
        range={range}
        onRange={(next) => {
          setRange(next);
          setZoom(undefined);
        }}
      />
      {state.status === 'loading' && <Loading what="the history" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={ranged.reload} />}
      {state.status === 'loaded' && (
        <LoadedHistory
          ranged={state.value}
          zoomed={{ ...zoomed.state, reload: zoomed.reload }}
          range={range}
          zoom={zoom}
          onZoom={setZoom}
          picked={picked}
          onPicked={setPicked}
        />
      )}
    </section>
  );
}
