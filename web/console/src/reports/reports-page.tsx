import { useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { SegmentedChoice, TextField } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { CsvDownload, type ReportPick } from './csv-download';
import { previousIsoWeek, previousUtcDay } from './report-periods';
import { ReportView, type Report } from './report-view';

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const isWeek = (value: string) => /^\d{4}-W\d{2}$/.test(value);
const whatToDo = 'Pick a day or a week that is over (UTC), or try again in a moment.';

/** A vendor's daily and weekly reports: pick the period, read the figures, download them as CSV. */
export function ReportsPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const [kind, setKind] = useState<ReportPick['kind']>('daily');
  const [day, setDay] = useState(() => previousUtcDay(Date.now()));
  const [week, setWeek] = useState(() => previousIsoWeek(Date.now()));
  const pick: ReportPick | undefined =
    kind === 'daily' ? (isDay(day) ? { kind, day } : undefined) : isWeek(week) ? { kind, week } : undefined;
  const period = pick === undefined ? '' : pick.kind === 'daily' ? pick.day : pick.week;
  const { state, reload } = useLoaded(
    `${vendorId}:${kind}:${period}`,
    async (): Promise<Report | undefined> => {
      if (pick === undefined) return undefined;
      if (pick.kind === 'daily') {
        const daily = await api.GET('/v1/vendors/{vendorId}/analytics/reports/daily/{day}', {
          params: { path: { vendorId, day: pick.day } },
        });
        return takeData(daily, whatToDo);
      }
      const weekly = await api.GET('/v1/vendors/{vendorId}/analytics/reports/weekly/{week}', {
        params: { path: { vendorId, week: pick.week } },
      });
      return takeData(weekly, whatToDo);
    },
  );

  return (
    <>
      <h1>Reports of {vendorId}</h1>
      <form
        class="panel report-pick"
        onSubmit={(event) => {
          event.preventDefault();
          reload();
        }}
      >
        <SegmentedChoice
          label="Report"
          value={kind}
          options={[
            { value: 'daily', label: 'Daily' },
            { value: 'weekly', label: 'Weekly' },
          ]}
          onValue={setKind}
        />
        {kind === 'daily' ? (
          <TextField label="Day (UTC)" name="report-day" type="date" required value={day} onValue={setDay} />
        ) : (
          <TextField
            label="Week (ISO, e.g. 2026-W48)"
            name="report-week"
            type="week"
            required
            value={week}
            onValue={setWeek}
          />
        )}
      </form>
      {pick === undefined && <p role="status">Pick a day or a week to see its report.</p>}
      {pick !== undefined && state.status === 'loading' && <Loading what="the report" />}
      {pick !== undefined && state.status === 'failed' && (
        <ErrorState message={state.message} onRetry={reload} />
      )}
      {pick !== undefined && state.status === 'loaded' && state.value !== undefined && (
        <section class="panel" aria-label={`Report of ${period}`}>
          <CsvDownload vendorId={vendorId} pick={pick} />
          {state.value.fleet.provisioned === 0 ? (
            <EmptyState title="No devices in this report">
              <p>
                The fleet had no device by the end of {period}. Provision devices (the Devices page), let them
                connect, and the reports of the following days count them.
              </p>
            </EmptyState>
          ) : (
            <ReportView report={state.value} period={period} />
          )}
        </section>
      )}
    </>
  );
}
