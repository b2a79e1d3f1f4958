import { useState } from 'preact/hooks';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { loadProducts } from '../products/load-products';
import { useSignedIn } from '../session/session-context';
import { BatchProvisionForm } from './batch-provision-form';
import { LabelSheet } from './label-sheet';
import { ProvisionedList } from './provisioned-list';
import type { ProvisionedDevice } from './provisioned-device';
import { SingleProvisionForm } from './single-provision-form';
import './provisioning.css';

/**
 * Provisioning a vendor's devices, one or a CSV batch; the devices provisioned here (with their claim codes,
 * in this page's memory only) and their printable labels.
 */
export function ProvisionPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const [provisioned, setProvisioned] = useState<readonly ProvisionedDevice[]>([]);
  const [showLabels, setShowLabels] = useState(false);
  const products = useLoaded(`products:${vendorId}`, () => loadProducts(api, vendorId));
  const add = (devices: readonly ProvisionedDevice[]) => {
    setProvisioned((before) => [...before, ...devices]);
  };

  if (showLabels)
    return (
      <LabelSheet
        devices={provisioned}
        onClose={() => {
          setShowLabels(false);
        }}
      />
    );
  const productList = products.state.status === 'loaded' ? products.state.value.items : [];
  return (
    <>
      <h1>Provision devices of {vendorId}</h1>
      {products.state.status === 'loading' && <Loading what="the products" />}
      {products.state.status === 'failed' && (
        <ErrorState message={products.state.message} onRetry={products.reload} />
      )}
      {products.state.status === 'loaded' && productList.length === 0 && (
        <EmptyState title="No product to provision">
          <p>
            A device is provisioned as one of the vendor&apos;s products:{' '}
            <a href={routeHref({ page: 'products', vendorId })}>create a product</a> first.
          </p>
        </EmptyState>
      )}
      {provisioned.length > 0 && (
        <ProvisionedList
          devices={provisioned}
          onShowLabels={() => {
            setShowLabels(true);
          }}
        />
      )}
      {productList.length > 0 && (
        <>
          <SingleProvisionForm
            vendorId={vendorId}
            products={productList}
            onProvisioned={(device) => {
              add([device]);
            }}
          />
          <BatchProvisionForm
            vendorId={vendorId}
            productIds={productList.map((product) => product.id)}
            onProvisioned={add}
          />
        </>
      )}
    </>
  );
}
