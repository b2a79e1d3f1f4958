import { useEffect, useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { SelectField } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { loadProducts } from '../products/load-products';
import { useSignedIn } from '../session/session-context';
import {
  describeEmptyTable,
  devicesPerTablePage,
  followNext,
  followPrevious,
  searchMaxLength,
  withFilters,
  type DeviceTableQuery,
  type PageTrail,
  type VendorDeviceRow,
} from './device-table-query';

/** Typing pauses this long before the search goes to public-api. */
const searchDebounceMs = 300;

const yesNoAny = [
  { value: 'any', label: 'Any' },
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
] as const;
type YesNoAny = (typeof yesNoAny)[number]['value'];
const toChoice = (value: boolean | undefined): YesNoAny =>
  value === undefined ? 'any' : value ? 'true' : 'false';
const fromChoice = (choice: YesNoAny) => (choice === 'any' ? undefined : choice === 'true');

/** A yes / no / any selector of one of the table's boolean filters. */
function YesNoFilter(props: {
  readonly label: string;
  readonly name: 'claimed' | 'online';
  readonly query: DeviceTableQuery;
  readonly onChange: (change: Omit<DeviceTableQuery, 'after'>) => void;
}) {
  const { label, name, query, onChange } = props;
  return (
    <SelectField
      label={label}
      name={name}
      value={toChoice(query[name])}
      options={yesNoAny}
      onValue={(choice) => {
        onChange({ [name]: fromChoice(choice) });
      }}
    />
  );
}

/** Shows `query` in the URL: a change of search or filter replaces the entry, a new page adds one. */
function go(vendorId: string, query: DeviceTableQuery, how: 'replace' | 'push') {
  const href = routeHref({ page: 'vendor-devices', vendorId, query });
  if (how === 'replace') window.location.replace(href);
  else window.location.hash = href;
}

function DeviceTable(props: {
  readonly items: readonly VendorDeviceRow[];
  readonly productNames: Map<string, string>;
}) {
  return (
    // At a phone's width the table scrolls inside this region, which the keyboard can reach (WCAG 2.1.1).
    <div class="table-scroll" role="region" aria-labelledby="device-table-caption" tabIndex={0}>
      <table class="device-table">
        <caption id="device-table-caption">The vendor&apos;s devices in id order</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Product</th>
            <th scope="col">Claimed</th>
            <th scope="col">Online</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((device) => (
            <tr key={device.id} data-device-id={device.id}>
              <th scope="row">{device.id}</th>
              <td>{device.name ?? <span class="muted">none</span>}</td>
              <td>{props.productNames.get(device.productId) ?? device.productId}</td>
              <td>{device.claimed ? 'yes' : 'no'}</td>
              <td>
                <span class={device.online ? 'badge online' : 'badge offline'}>
                  {device.online ? 'online' : 'offline'}
                </span>
              </td>
              <td>{device.lastSeenAt === null ? 'never' : new Date(device.lastSeenAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A device maker's devices: searched and filtered by public-api, a page at a time, all of it in the URL. */
export function VendorDevicesPage(props: { readonly vendorId: string; readonly query: DeviceTableQuery }) {
  const { vendorId, query } = props;
  const { api } = useSignedIn();
  const [searchText, setSearchText] = useState(query.search ?? '');
  const [trail, setTrail] = useState<PageTrail>({ before: [] });

  // The URL changed by itself (back, a link): the search box follows it.
  useEffect(() => {
    setSearchText(query.search ?? '');
  }, [query.search]);
  useEffect(() => {
    const search = searchText.trim() === '' ? undefined : searchText.trim();
    if (search === query.search) return;
    const timer = setTimeout(() => {
      setTrail({ before: [] });
      go(vendorId, withFilters(query, { search }), 'replace');
    }, searchDebounceMs);
    return () => {
      clearTimeout(timer);
    };
  }, [searchText]);

  const products = useLoaded(`products:${vendorId}`, () =>
    loadProducts(api, vendorId, 'Reload the page to filter by product.'),
  );
  const pageKey = `devices:${vendorId}:${JSON.stringify(query)}`;
  const { state, reload } = useLoaded(pageKey, async () =>
    takeData(
      await api.GET('/v1/vendors/{vendorId}/devices', {
        params: { path: { vendorId }, query: { ...query, limit: devicesPerTablePage } },
      }),
      'Check the vendor id and that you operate this vendor, then try again.',
    ),
  );
  const productList = products.state.status === 'loaded' ? products.state.value.items : [];
  const productNames = new Map(productList.map((product) => [product.id, product.name]));
  const changeFilter = (change: Omit<DeviceTableQuery, 'after'>) => {
    setTrail({ before: [] });
    go(vendorId, withFilters(query, change), 'replace');
  };
  const previous = followPrevious(trail);

  return (
    <>
      <h1>Devices of {vendorId}</h1>
      <form
        class="table-filters"
        role="search"
        aria-label="Search and filter devices"
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <label>
          Search by id or name
          <input
            type="search"
            name="search"
            value={searchText}
            maxLength={searchMaxLength}
            autocomplete="off"
            aria-describedby="search-hint"
            onInput={(event) => {
              setSearchText(event.currentTarget.value);
            }}
          />
        </label>
        <p id="search-hint" class="muted">
          Finds devices whose id or name starts with what you type (case does not matter).
        </p>
        <SelectField
          label="Product"
          name="productId"
          value={query.productId ?? ''}
          options={[
            { value: '', label: 'All products' },
            ...productList.map((product) => ({ value: product.id, label: product.name })),
          ]}
          onValue={(productId) => {
            changeFilter({ productId: productId === '' ? undefined : productId });
          }}
        />
        <YesNoFilter label="Claimed by an owner" name="claimed" query={query} onChange={changeFilter} />
        <YesNoFilter label="Online" name="online" query={query} onChange={changeFilter} />
      </form>
      {state.status === 'loading' && <Loading what="the devices" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.items.length === 0 ? (
          <EmptyState title={describeEmptyTable(query).title}>
            <p>{describeEmptyTable(query).whatToDo}</p>
          </EmptyState>
        ) : (
          <DeviceTable items={state.value.items} productNames={productNames} />
        ))}
      <nav aria-label="Pages" class="pager">
        {previous !== undefined ? (
          <button
            type="button"
            onClick={() => {
              setTrail(previous.trail);
              go(
                vendorId,
                { ...withFilters(query, {}), ...(previous.after !== undefined && { after: previous.after }) },
                'push',
              );
            }}
          >
            Previous page
          </button>
        ) : (
          query.after !== undefined && (
            <a href={routeHref({ page: 'vendor-devices', vendorId, query: withFilters(query, {}) })}>
              First page
            </a>
          )
        )}
        {state.status === 'loaded' && state.value.nextAfter !== undefined && (
          <button
            type="button"
            onClick={() => {
              const nextAfter = state.value.nextAfter;
              setTrail(followNext(trail, query.after));
              go(vendorId, { ...query, after: nextAfter }, 'push');
            }}
          >
            Next page
          </button>
        )}
      </nav>
    </>
  );
}
