import { useMemo, useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { UPlotChart } from '../charts/uplot-chart';
import { SegmentedChoice } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { FleetDistributions } from './fleet-distributions';
import {
  fleetRanges,
  seriesQuery,
  summarizeSeries,
  toSeriesColumns,
  type FleetRange,
  type FleetWindow,
  type MetricSeries,
} from './fleet-data';

const rangeOptions = (Object.keys(fleetRanges) as FleetRange[]).map((value) => ({
  value,
  label: `Last ${value}`,
}));

/** What the overview shows: the figures of the window, and the two series of the range. */
interface FleetOverview {
  readonly figures: FleetWindow;
  readonly online: MetricSeries;
  readonly messages: MetricSeries;
  readonly rangeSeconds: readonly [number, number];
}

function SeriesFigure(props: {
  readonly title: string;
  readonly series: MetricSeries;
  readonly per: number;
  readonly rangeSeconds: readonly [number, number];
}) {
  const { title, series, per, rangeSeconds } = props;
  const columns = useMemo(() => toSeriesColumns(series, per), [series, per]);
  const labels = useMemo(() => [title], [title]);
  return (
    <figure class="panel">
      <h2>{title}</h2>
      <UPlotChart columns={columns} labels={labels} rangeSeconds={rangeSeconds} label={title} />
      <figcaption>{summarizeSeries(title, columns[1])}</figcaption>
    </figure>
  );
}

function Overview({ overview, range }: { readonly overview: FleetOverview; readonly range: FleetRange }) {
  const { fleet } = overview.figures;
  const { windowLabel, bucketSeconds } = fleetRanges[range];
  return (
    <>
      <dl class="figures">
        <div>
          <dt>Online now</dt>
          <dd data-figure="online">{fleet.online}</dd>
        </div>
        <div>
          <dt>Devices provisioned</dt>
          <dd data-figure="provisioned">{fleet.provisioned}</dd>
        </div>
        <div>
          <dt>Claimed by a home</dt>
          <dd data-figure="claimed">{fleet.claimed}</dd>
        </div>
        <div>
          <dt>Messages per minute ({windowLabel})</dt>
          <dd data-figure="messagesPerMinute">{fleet.messagesPerMinute}</dd>
        </div>
      </dl>
      <SeriesFigure
        title="Online devices"
        series={overview.online}
        per={1}
        rangeSeconds={overview.rangeSeconds}
      />
      <SeriesFigure
        title="Messages per minute"
        series={overview.messages}
        per={bucketSeconds / 60}
        rangeSeconds={overview.rangeSeconds}
      />
      <section class="panel distributions" aria-label="Distributions">
        <FleetDistributions figures={fleet} window={windowLabel} />
      </section>
    </>
  );
}

/** A vendor's fleet at a glance: figures now, online devices and messages over a range, distributions. */
export function FleetPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const [range, setRange] = useState<FleetRange>('day');
  const { state, reload } = useLoaded(`${vendorId}:${range}`, async (): Promise<FleetOverview> => {
    const whatToDo = 'Try again in a moment.';
    const query = seriesQuery(range, Date.now());
    const series = (metric: 'online' | 'messages') =>
      api.GET('/v1/vendors/{vendorId}/analytics/metrics/{metric}/series', {
        params: { path: { vendorId, metric }, query },
      });
    const [figures, online, messages] = await Promise.all([
      api.GET('/v1/vendors/{vendorId}/analytics/metrics', {
        params: { path: { vendorId }, query: { windowMinutes: fleetRanges[range].windowMinutes } },
      }),
      series('online'),
      series('messages'),
    ]);
    return {
      figures: takeData(figures, whatToDo),
      online: takeData(online, whatToDo),
      messages: takeData(messages, whatToDo),
      rangeSeconds: [Date.parse(query.from) / 1000, Date.parse(query.to) / 1000],
    };
  });

  return (
    <>
      <h1>Fleet of {vendorId}</h1>
      <div class="actions fleet-controls">
        <SegmentedChoice label="Range" value={range} options={rangeOptions} onValue={setRange} />
        <button type="button" class="link" onClick={reload}>
          Refresh
        </button>
      </div>
      {state.status === 'loading' && <Loading what="the fleet" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.figures.fleet.provisioned === 0 ? (
          <EmptyState title="No devices yet">
            <p>
              Provision devices first: on the Devices page, through your API key (
              <code>
                POST /v1/vendors/
                {vendorId}/devices
              </code>
              ), or with <code>npm run simulate -- --devices 10</code> on the embedded platform. Their figures
              appear here once they connect.
            </p>
          </EmptyState>
        ) : (
          <Overview overview={state.value} range={range} />
        ))}
    </>
  );
}
