/**
 * Where a person is in a log read a page at a time with public-api's cursors (audit `nextCursor`, webhook
 * deliveries `nextBefore`): the cursor of the page shown (undefined: the newest) and those of the pages
 * before it in this visit, so "Previous page" goes back without the API paging backwards.
 */
export interface CursorTrail {
  readonly current: string | undefined;
  readonly before: readonly (string | undefined)[];
}

/** The newest page, with nothing before it. */
export const newestPage: CursorTrail = { current: undefined, before: [] };

/** The trail after moving on to the page that starts at `cursor` (the answer's next cursor). */
export const toNextPage = (trail: CursorTrail, cursor: string): CursorTrail => ({
  current: cursor,
  before: [...trail.before, trail.current],
});

/** The trail one page back; undefined on the newest page. */
export function toPreviousPage(trail: CursorTrail): CursorTrail | undefined {
  if (trail.before.length === 0) return undefined;
  return { current: trail.before.at(-1), before: trail.before.slice(0, -1) };
}
