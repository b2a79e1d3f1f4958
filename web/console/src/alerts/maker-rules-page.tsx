import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { loadProducts } from '../products/load-products';
import { useSignedIn } from '../session/session-context';
import { AlertRulesPanel } from './alert-rules-panel';
import { watchableProducts } from './rule-owner';

/**
 * A vendor's default alert rules, each on every device of one of its products in every home: its members
 * create, edit, disable and delete them; a home's owners may mute one for their home.
 */
export function MakerRulesPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const { state, reload } = useLoaded(`products:${vendorId}`, () => loadProducts(api, vendorId));
  return (
    <>
      <h1>Alert rules of {vendorId}</h1>
      <p class="hint">
        A rule here watches every device of a product, in every home that has one; the home&apos;s people are
        told when it fires. A home&apos;s owners may mute it for their home (its alerts are still kept).
      </p>
      {state.status === 'loading' && <Loading what="the products" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && (
        <AlertRulesPanel
          owner={{ kind: 'vendor', vendorId }}
          canEdit
          watchables={watchableProducts(state.value.items)}
        />
      )}
    </>
  );
}
