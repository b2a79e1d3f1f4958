import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { FormProblem, SelectField, TextField, useFormSubmit } from '../layout/forms';
import { DescribedTextField } from '../products/field-problem';
import { useSignedIn } from '../session/session-context';
import type { ProvisionedDevice } from './provisioned-device';

/** One device of one of the vendor's products; the id is public-api's choice when left empty. */
export function SingleProvisionForm(props: {
  readonly vendorId: string;
  readonly products: readonly { readonly id: string; readonly name: string }[];
  readonly onProvisioned: (device: ProvisionedDevice) => void;
}) {
  const { vendorId, products, onProvisioned } = props;
  const { api } = useSignedIn();
  const [productId, setProductId] = useState(products[0]?.id ?? '');
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.POST('/v1/vendors/{vendorId}/devices', {
      params: { path: { vendorId } },
      body: {
        productId,
        ...(id.trim() !== '' && { id: id.trim() }),
        ...(name.trim() !== '' && { name: name.trim() }),
      },
    });
    if (answer.data === undefined)
      return describeProblem(
        answer.error,
        'Check the id (or leave it empty for a generated one) and try again.',
      );
    onProvisioned(answer.data);
    setId('');
    setName('');
    return undefined;
  });
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="provision-one-title">
      <h2 id="provision-one-title">One device</h2>
      <SelectField
        label="Product"
        name="provision-product"
        value={productId}
        options={products.map((product) => ({ value: product.id, label: `${product.name} (${product.id})` }))}
        onValue={setProductId}
      />
      <DescribedTextField
        label="Device id (optional)"
        name="provision-id"
        maxLength={64}
        hint="Also its MQTT client id: letters, digits, _ and -. Left empty, public-api makes one."
        value={id}
        onValue={setId}
      />
      <TextField
        label="Name (optional)"
        name="provision-name"
        maxLength={200}
        value={name}
        onValue={setName}
      />
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy || productId === ''}>
        Provision device
      </button>
    </form>
  );
}
