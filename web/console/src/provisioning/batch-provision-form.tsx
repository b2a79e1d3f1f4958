import { useMemo, useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { FormProblem } from '../layout/forms';
import { useSignedIn } from '../session/session-context';
import { toBatchOutcomes, toBatchRequest, type BatchOutcome } from './batch-outcome';
import { batchColumns, isReadyToSend, maxBatchRows, previewBatch, type BatchPreview } from './device-batch';
import type { ProvisionedDevice } from './provisioned-device';
import { ScrollingTable } from '../layout/scrolling-table';

/** Each row of the file and what is wrong with it, before anything is sent. */
function PreviewTable({ preview }: { readonly preview: BatchPreview }) {
  return (
    <ScrollingTable
      id="batch-preview"
      caption={`Preview: ${preview.rows.length} devices in the file`}
      columns={['Line', 'Id', 'Name', 'Product', 'Problems']}
    >
      {preview.rows.map((row) => (
        <tr key={row.line}>
          <th scope="row">{row.line}</th>
          <td>{row.id ?? <span class="muted">generated</span>}</td>
          <td>{row.name ?? ''}</td>
          <td>{row.productId}</td>
          <td class={row.problems.length > 0 ? 'problem' : 'ok'}>
            {row.problems.length === 0 ? 'ready' : row.problems.join(' ')}
          </td>
        </tr>
      ))}
    </ScrollingTable>
  );
}

/** What public-api answered for each row. */
function OutcomeTable({ outcomes }: { readonly outcomes: readonly BatchOutcome[] }) {
  const created = outcomes.filter((each) => each.outcome === 'created').length;
  return (
    <ScrollingTable
      id="batch-outcome"
      caption={`Batch sent: ${created} created, ${outcomes.length - created} refused`}
      columns={['Line', 'Id', 'Outcome']}
    >
      {outcomes.map((each) => (
        <tr key={each.row.line} data-outcome={each.outcome}>
          <th scope="row">{each.row.line}</th>
          <td>{each.outcome === 'created' ? each.device.id : (each.row.id ?? '')}</td>
          <td class={each.outcome === 'created' ? 'ok' : 'problem'}>
            {each.outcome === 'created' ? 'created' : `refused: ${each.code} (${each.message})`}
          </td>
        </tr>
      ))}
    </ScrollingTable>
  );
}

/**
 * A CSV batch (a file or pasted text): previewed with each row's problems, sent only when there are none,
 * in one request (public-api's batch route), then each row's outcome.
 */
export function BatchProvisionForm(props: {
  readonly vendorId: string;
  readonly productIds: readonly string[];
  readonly onProvisioned: (devices: readonly ProvisionedDevice[]) => void;
}) {
  const { vendorId, productIds, onProvisioned } = props;
  const { api } = useSignedIn();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<readonly BatchOutcome[]>();
  const [problem, setProblem] = useState<string>();
  const preview = useMemo(
    () => (text.trim() === '' ? undefined : previewBatch(text, productIds)),
    [text, productIds],
  );
  const ready = preview !== undefined && isReadyToSend(preview);

  const send = async () => {
    if (preview === undefined) return;
    setBusy(true);
    setOutcomes(undefined);
    setProblem(undefined);
    try {
      const answer = await api.POST('/v1/vendors/{vendorId}/devices/batch', {
        params: { path: { vendorId } },
        body: toBatchRequest(preview.rows),
      });
      if (answer.data === undefined) {
        setProblem(describeProblem(answer.error, 'Nothing was provisioned: correct the file or try again.'));
        return;
      }
      const results = toBatchOutcomes(preview.rows, answer.data);
      setOutcomes(results);
      setText('');
      onProvisioned(results.flatMap((each) => (each.outcome === 'created' ? [each.device] : [])));
    } catch (error) {
      setProblem(
        describeProblem(error, 'Check your connection, then look in the device table for what was made.'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="batch-title">
      <h2 id="batch-title">A batch from a CSV file</h2>
      <p id="batch-columns">
        The first line names the columns: <code>{batchColumns.join(',')}</code>. Only productId is required (a
        product id of this vendor); an empty id is generated. At most {maxBatchRows} devices per file; names
        with commas go in double quotes.
      </p>
      <label>
        CSV file
        <input
          class="batch-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file !== undefined) void file.text().then(setText);
          }}
        />
      </label>
      <label>
        Or paste the CSV text
        <textarea
          class="batch-text"
          name="batch-csv"
          rows={6}
          spellcheck={false}
          aria-describedby="batch-columns"
          placeholder={`${batchColumns.join(',')}\nth-0001,Hall,thermostat`}
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            setOutcomes(undefined);
          }}
        />
      </label>
      {preview !== undefined && preview.problems.length > 0 && (
        <ul class="problem" role="alert" aria-label="Problems of the file">
          {preview.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {preview !== undefined && preview.rows.length > 0 && <PreviewTable preview={preview} />}
      {preview !== undefined && !ready && preview.rows.length > 0 && (
        <p class="problem" role="status">
          Correct the rows with problems: nothing is sent until every row is ready.
        </p>
      )}
      {preview !== undefined && (
        <button type="button" disabled={!ready || busy} onClick={() => void send()}>
          {busy ? 'Provisioning…' : `Provision ${preview.rows.length} devices`}
        </button>
      )}
      <FormProblem problem={problem} />
      {outcomes !== undefined && <OutcomeTable outcomes={outcomes} />}
    </section>
  );
}
