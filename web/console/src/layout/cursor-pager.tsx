import { newestPage, toNextPage, toPreviousPage, type CursorTrail } from './cursor-pages';

/**
 * "Newer" and "older" buttons of a log paged with cursors: older when public-api answered a next cursor,
 * newer when the person went on before; named `label` (several logs can be on one page).
 */
export function CursorPager(props: {
  readonly label: string;
  readonly trail: CursorTrail;
  readonly nextCursor: string | null | undefined;
  readonly onTrail: (trail: CursorTrail) => void;
}) {
  const { label, trail, nextCursor, onTrail } = props;
  const previous = toPreviousPage(trail);
  if (previous === undefined && (nextCursor === null || nextCursor === undefined)) return null;
  return (
    <nav aria-label={label} class="pager">
      {previous !== undefined && (
        <button
          type="button"
          onClick={() => {
            onTrail(previous);
          }}
        >
          Newer
        </button>
      )}
      {trail.current !== undefined && (
        <button
          type="button"
          onClick={() => {
            onTrail(newestPage);
          }}
        >
          Newest
        </button>
      )}
      {nextCursor !== null && nextCursor !== undefined && (
        <button
          type="button"
          onClick={() => {
            onTrail(toNextPage(trail, nextCursor));
          }}
        >
          Older
        </button>
      )}
    </nav>
  );
}
