import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { FormProblem } from '../layout/forms';
import { useSignedIn } from '../session/session-context';

/** Which report to download. */
export type ReportPick =
  { readonly kind: 'daily'; readonly day: string } | { readonly kind: 'weekly'; readonly week: string };

/** Hands a Blob to the browser as a download named `filename`. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The download has taken the Blob once the click is handled.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

/**
 * Downloads the report as CSV: read through the typed client (the request carries the session's token, which
 * a plain link could not), then saved from a Blob.
 */
export function CsvDownload({ vendorId, pick }: { readonly vendorId: string; readonly pick: ReportPick }) {
  const { api } = useSignedIn();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const period = pick.kind === 'daily' ? pick.day : pick.week;
  const download = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const answer =
        pick.kind === 'daily'
          ? await api.GET('/v1/vendors/{vendorId}/analytics/reports/daily/{day}/csv', {
              params: { path: { vendorId, day: pick.day } },
              parseAs: 'blob',
            })
          : await api.GET('/v1/vendors/{vendorId}/analytics/reports/weekly/{week}/csv', {
              params: { path: { vendorId, week: pick.week } },
              parseAs: 'blob',
            });
      if (answer.data === undefined) setProblem(describeProblem(answer.error, 'Try again in a moment.'));
      else saveBlob(answer.data, `${vendorId}-${period}.csv`);
    } catch (error) {
      setProblem(describeProblem(error, 'Check your connection and try again.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="csv-download">
      <button type="button" disabled={busy} onClick={() => void download()}>
        Download CSV of {period}
      </button>
      <FormProblem problem={problem} />
    </div>
  );
}
