import { useEffect, useMemo, useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { UPlotChart } from '../charts/uplot-chart';
import { SegmentedChoice } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import {
  chartRanges,
  summarizeHistory,
  toChartColumns,
  type ChartRange,
  type DeviceHistory,
} from './chart-data';

/** Buckets per range: a point per 10 s over an hour, per 4 minutes over a day. */
const maxPoints = 360;
const rangeOptions = (Object.keys(chartRanges) as ChartRange[]).map((value) => ({
  value,
  label: `Last ${value}`,
}));
/** How often the chart reads the history again while the page is open. */
const refreshMs = 15_000;

function HistoryChart({ history, label }: { readonly history: DeviceHistory; readonly label: string }) {
  const { metrics, columns } = useMemo(() => toChartColumns(history), [history]);
  const rangeSeconds = useMemo(
    () => [Date.parse(history.from) / 1000, Date.parse(history.to) / 1000] as const,
    [history],
  );
  return <UPlotChart columns={columns} labels={metrics} rangeSeconds={rangeSeconds} label={label} />;
}

/** The device's reported numeric state over the last hour or day, from public-api's history route. */
export function TelemetryChart({ homeId, deviceId }: { readonly homeId: string; readonly deviceId: string }) {
  const { api } = useSignedIn();
  const [range, setRange] = useState<ChartRange>('hour');
  const { state, reload } = useLoaded(`${deviceId}:${range}`, async () => {
    const to = new Date();
    const from = new Date(to.getTime() - chartRanges[range]);
    const answer = await api.GET('/v1/homes/{homeId}/devices/{deviceId}/history', {
      params: {
        path: { homeId, deviceId },
        query: { source: 'state', from: from.toISOString(), to: to.toISOString(), maxPoints },
      },
    });
    return takeData(answer, 'Try again in a moment.');
  });
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => {
      clearInterval(timer);
    };
  }, [reload]);

  return (
    <section class="panel" aria-labelledby="chart-title">
      <h2 id="chart-title">History</h2>
      <SegmentedChoice label="Range" value={range} options={rangeOptions} onValue={setRange} />
      {state.status === 'loading' && <Loading what="the history" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.series.length === 0 ? (
          <p class="empty-state">No readings in the last {range} yet: they appear as the device reports.</p>
        ) : (
          <figure>
            <HistoryChart history={state.value} label={`History of the last ${range}`} />
            <figcaption>{summarizeHistory(state.value)}</figcaption>
          </figure>
        ))}
    </section>
  );
}
