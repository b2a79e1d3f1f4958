import { useState } from 'preact/hooks';
import { takeData } from '../api/console-api';
import { SelectField, TextField } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { ScrollingTable } from '../layout/scrolling-table';
import { useLoaded } from '../layout/use-loaded';
import { loadProducts } from '../products/load-products';
import { useSignedIn } from '../session/session-context';
import {
  cohortWindow,
  describeClaimToFirstReport,
  describeCohortDays,
  funnelSteps,
  isStillMaturing,
  lastDays,
  type ActivationFunnel,
  type CohortDays,
} from './funnel-view';

/** The cohort the page opens on: the devices registered in the last 30 days. */
const defaultDays = 30;

function FunnelTable({ funnel, scope }: { readonly funnel: ActivationFunnel; readonly scope: string }) {
  const { fleet } = funnel;
  return (
    <>
      <ScrollingTable
        id="funnel"
        caption={`Activation of ${scope} registered ${describeCohortDays(funnel)}`}
        columns={['Step', 'Devices', 'Of step before', 'Overall']}
      >
        {funnelSteps(fleet).map((step) => (
          <tr key={step.key} data-step={step.key}>
            <th scope="row">{step.label}</th>
            <td data-figure="devices">{step.devices}</td>
            <td>{step.ofPrevious ?? '–'}</td>
            <td>{step.ofProvisioned}</td>
          </tr>
        ))}
      </ScrollingTable>
      <p>{describeClaimToFirstReport(fleet)}</p>
      {isStillMaturing(funnel.to, Date.now()) && (
        <p class="hint">
          These days reach into the last two weeks: their devices may still be claimed, come online, and be
          active 7 to 14 days after their claim. Read this again later.
        </p>
      )}
    </>
  );
}

/**
 * A vendor's activation funnel: of the devices registered within the days picked (the fleet, or one product),
 * how many were claimed, came online after the claim and were still active a week later.
 */
export function FunnelPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const [days, setDays] = useState<CohortDays>(() => lastDays(defaultDays, Date.now()));
  const [productId, setProductId] = useState('');
  const products = useLoaded(`products:${vendorId}`, () =>
    loadProducts(api, vendorId, 'Reload the page to pick a product.'),
  );
  const cohort = cohortWindow(days);
  const { state, reload } = useLoaded(
    `funnel:${vendorId}:${JSON.stringify(cohort)}:${productId}`,
    async (): Promise<ActivationFunnel | undefined> => {
      if (typeof cohort === 'string') return undefined;
      const query = { ...cohort, ...(productId !== '' && { productId }) };
      const answer = await api.GET('/v1/vendors/{vendorId}/analytics/funnel', {
        params: { path: { vendorId }, query },
      });
      return takeData(answer, 'Check the days picked, or try again in a moment.');
    },
  );
  const productList = products.state.status === 'loaded' ? products.state.value.items : [];
  const scope = productId === '' ? 'the devices' : `the ${productId} devices`;
  return (
    <>
      <h1>Activation funnel of {vendorId}</h1>
      <form
        class="panel"
        aria-label="Devices registered"
        onSubmit={(event) => {
          event.preventDefault();
          reload();
        }}
      >
        <TextField
          label="Registered from (UTC day)"
          name="funnel-from"
          type="date"
          required
          value={days.fromDay}
          onValue={(fromDay) => {
            setDays((current) => ({ ...current, fromDay }));
          }}
        />
        <TextField
          label="to (UTC day, included)"
          name="funnel-to"
          type="date"
          required
          value={days.toDay}
          onValue={(toDay) => {
            setDays((current) => ({ ...current, toDay }));
          }}
        />
        <SelectField
          label="Product"
          name="funnel-product"
          value={productId}
          options={[
            { value: '', label: 'All products' },
            ...productList.map((product) => ({ value: product.id, label: product.name })),
          ]}
          onValue={setProductId}
        />
      </form>
      {products.state.status === 'failed' && (
        <ErrorState message={products.state.message} onRetry={products.reload} />
      )}
      {typeof cohort === 'string' && (
        <p class="problem" role="alert">
          {cohort}
        </p>
      )}
      {state.status === 'loading' && <Loading what="the funnel" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        state.value !== undefined &&
        (state.value.fleet.provisioned === 0 ? (
          <EmptyState title="No device registered in these days">
            <p>
              The funnel follows the devices registered within the days picked: pick earlier days, or
              provision devices (the Provision page) and come back once homes claim them.
            </p>
          </EmptyState>
        ) : (
          <section aria-label="Activation funnel">
            <FunnelTable funnel={state.value} scope={scope} />
          </section>
        ))}
    </>
  );
}
