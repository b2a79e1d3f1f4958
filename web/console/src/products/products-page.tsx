import { useState } from 'preact/hooks';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { loadProducts, productsPerPage, type Product } from './load-products';
import { AssistantMappingEditor } from './assistant-mapping-editor';
import { CreateProductForm } from './create-product-form';
import './products.css';

/** One product: its features, whether assistants see its devices, and its mapping's editor on demand. */
function ProductItem(props: {
  readonly vendorId: string;
  readonly product: Product;
  readonly onChanged: () => void;
}) {
  const { vendorId, product, onChanged } = props;
  const [editing, setEditing] = useState(false);
  const titleId = `product-${product.id}`;
  return (
    <li class="panel product" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {product.name} <span class="muted">({product.id})</span>
      </h3>
      {product.features.length === 0 ? (
        <p class="muted">No features: its devices report nothing the console can show or control.</p>
      ) : (
        <ul class="features" aria-label={`Features of ${product.name}`}>
          {product.features.map((feature) => (
            <li key={feature}>
              <code>{feature}</code>
            </li>
          ))}
        </ul>
      )}
      <p>
        {product.assistantMapping === null
          ? 'Not exposed to voice assistants.'
          : `Exposed to voice assistants (device type: ${product.assistantMapping.deviceType}).`}
      </p>
      <button
        type="button"
        class="link"
        aria-expanded={editing}
        onClick={() => {
          setEditing(!editing);
        }}
      >
        {editing ? 'Close the assistant mapping' : `Edit the assistant mapping of ${product.name}`}
      </button>
      {editing && (
        <AssistantMappingEditor
          vendorId={vendorId}
          productId={product.id}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </li>
  );
}

/** A vendor's products: listed with their features, created, their assistant mappings edited. */
export function ProductsPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const { state, reload } = useLoaded(`products:${vendorId}`, () => loadProducts(api, vendorId));
  return (
    <>
      <h1>Products of {vendorId}</h1>
      {state.status === 'loading' && <Loading what="the products" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.items.length === 0 ? (
          <EmptyState title="No product yet">
            <p>
              Create the vendor&apos;s first product below: devices are provisioned as one of its products.
            </p>
          </EmptyState>
        ) : (
          <>
            <ul class="products" aria-label="Products">
              {state.value.items.map((product) => (
                <ProductItem key={product.id} vendorId={vendorId} product={product} onChanged={reload} />
              ))}
            </ul>
            {state.value.nextAfter !== undefined && (
              <p class="hint">The first {productsPerPage} products are shown.</p>
            )}
            <p>
              Next: <a href={routeHref({ page: 'provision', vendorId })}>provision devices</a> of these
              products.
            </p>
          </>
        ))}
      <CreateProductForm vendorId={vendorId} onCreated={reload} />
    </>
  );
}
