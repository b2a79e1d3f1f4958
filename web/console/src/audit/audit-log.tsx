import { useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { CursorPager } from '../layout/cursor-pager';
import { newestPage } from '../layout/cursor-pages';
import { ScrollingTable } from '../layout/scrolling-table';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { describeActor, describeDetails, type AuditEntry, type AuditEntryPage } from './audit-entry-view';

/** Entries per page of a log. */
const auditEntriesPerPage = 50;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function AuditTable(props: {
  readonly entries: readonly AuditEntry[];
  readonly names: ReadonlyMap<string, string>;
}) {
  return (
    <ScrollingTable
      id="audit"
      class="audit-table"
      caption="Who did what, newest first"
      columns={['When, who', 'What (and details)']}
    >
      {props.entries.map((entry) => (
        <tr key={entry.id} data-action={entry.action}>
          <th scope="row">
            <time dateTime={entry.at}>{timeFormat.format(new Date(entry.at))}</time>
            <span class="detail">{describeActor(entry.actor, props.names)}</span>
          </th>
          <td>
            <code>{entry.action}</code>{' '}
            <span class={entry.outcome === 'refused' ? 'badge refused' : 'badge'}>
              {entry.outcome === 'refused' ? '✕ refused' : '✓ done'}
            </span>
            {entry.deviceId !== null && <span class="detail">device: {entry.deviceId}</span>}
            {describeDetails(entry.details).map((line) => (
              <span key={line} class="detail muted">
                {line}
              </span>
            ))}
            <span class="detail muted">from {entry.address}</span>
          </td>
        </tr>
      ))}
    </ScrollingTable>
  );
}

/** The query of one page of a log (both logs take the same). */
export interface AuditPageQuery {
  readonly limit: number;
  readonly cursor?: string;
}

const whatToDo = 'Check that you may read this log (owners of a home, admins of a vendor), then try again.';

/**
 * An audit log, a page at a time, newest first: `readPage` asks public-api for one page; `names` turns user
 * and key ids into what the reader knows them by.
 */
export function AuditLog(props: {
  readonly logKey: string;
  readonly readPage: (query: AuditPageQuery) => Promise<{ data?: AuditEntryPage; error?: unknown }>;
  readonly names: ReadonlyMap<string, string>;
  readonly emptyHint: string;
}) {
  const { logKey, readPage, names, emptyHint } = props;
  const [trail, setTrail] = useState(newestPage);
  const { state, reload } = useLoaded(`${logKey}:${trail.current ?? 'newest'}`, async () => {
    const cursor = trail.current;
    return takeData(
      await readPage({ limit: auditEntriesPerPage, ...(cursor !== undefined && { cursor }) }),
      whatToDo,
    );
  });
  if (state.status === 'loading') return <Loading what="the audit log" />;
  if (state.status === 'failed') return <ErrorState message={state.message} onRetry={reload} />;
  const { items, nextCursor } = state.value;
  return (
    <>
      {items.length === 0 ? (
        <EmptyState title={trail.current === undefined ? 'Nothing recorded yet' : 'No older entries'}>
          <p>{trail.current === undefined ? emptyHint : 'Go back to the newest entries.'}</p>
        </EmptyState>
      ) : (
        <AuditTable entries={items} names={names} />
      )}
      <CursorPager label="Audit log pages" trail={trail} nextCursor={nextCursor} onTrail={setTrail} />
    </>
  );
}
