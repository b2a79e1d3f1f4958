import type { ApiAnswer } from '../api/console-api';

/** A device of the vendor's table, as public-api lists it. */
export type VendorDeviceRow = ApiAnswer<'/v1/vendors/{vendorId}/devices', 'get'>['items'][number];

/** What the device table shows: its search, filters and the cursor of its page (all kept in the URL's hash). */
export interface DeviceTableQuery {
  readonly search?: string;
  readonly productId?: string;
  readonly claimed?: boolean;
  readonly online?: boolean;
  /** The page starts after this device id (public-api's `nextAfter`); absent: the first page. */
  readonly after?: string;
}

/** public-api's limits on a search (contracts' DeviceSearch). */
export const searchMaxLength = 64;
/** Devices per page of the table. */
export const devicesPerTablePage = 50;

const readBoolean = (value: string | null) =>
  value === 'true' ? true : value === 'false' ? false : undefined;
const readText = (value: string | null, maxLength = searchMaxLength) => {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text.slice(0, maxLength);
};

/**
 * The table's query of the hash's parameters (`search=th&claimed=false`): anything unknown or blank is left
 * undefined (neither sent to public-api nor written back to the hash).
 */
export function parseTableQuery(params: URLSearchParams): DeviceTableQuery {
  return {
    search: readText(params.get('search')),
    productId: readText(params.get('productId')),
    claimed: readBoolean(params.get('claimed')),
    online: readBoolean(params.get('online')),
    after: readText(params.get('after')),
  };
}

/** The hash's parameters of a query, in a fixed order ('' when it is the unfiltered first page). */
export function formatTableQuery(query: DeviceTableQuery): string {
  const params = new URLSearchParams();
  for (const key of ['search', 'productId', 'claimed', 'online', 'after'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  return params.toString();
}

/** The same search and filters from the first page: what a change of search or filter leads to. */
export function withFilters(
  query: DeviceTableQuery,
  change: Omit<DeviceTableQuery, 'after'>,
): DeviceTableQuery {
  const { after: _page, ...filters } = { ...query, ...change };
  return filters;
}

/** Whether the query narrows the vendor's devices (so an empty page means "nothing matches", not "none"). */
export const isFiltered = (query: DeviceTableQuery) =>
  query.search !== undefined ||
  query.productId !== undefined ||
  query.claimed !== undefined ||
  query.online !== undefined;

/** What an empty page tells the person, and what to do. */
export function describeEmptyTable(query: DeviceTableQuery): { title: string; whatToDo: string } {
  if (query.after !== undefined)
    return {
      title: 'No more devices',
      whatToDo: 'Go back to the first page: devices may have been deleted.',
    };
  if (isFiltered(query))
    return {
      title:
        query.search === undefined
          ? 'No device matches these filters'
          : `No device matches “${query.search}”`,
      whatToDo:
        'The search finds devices whose id or name starts with it (case does not matter). Shorten it or clear the filters.',
    };
  return {
    title: 'This vendor has no devices yet',
    whatToDo:
      'Provision devices (POST /v1/vendors/{vendorId}/devices, one or a CSV batch); they are listed here.',
  };
}

/** The cursors of the pages before the current one: "previous" goes back one, a new search starts over. */
export interface PageTrail {
  readonly before: readonly (string | undefined)[];
}

/** The trail after moving on to the page after `nextAfter`, from the page that started after `current`. */
export const followNext = (trail: PageTrail, current: string | undefined): PageTrail => ({
  before: [...trail.before, current],
});

/** The previous page's cursor and the trail before it; undefined when the trail is empty (after a reload). */
export function followPrevious(
  trail: PageTrail,
): { readonly after: string | undefined; readonly trail: PageTrail } | undefined {
  if (trail.before.length === 0) return undefined;
  return { after: trail.before.at(-1), trail: { before: trail.before.slice(0, -1) } };
}
