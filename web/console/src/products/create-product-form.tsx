import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { FormProblem, useFormSubmit } from '../layout/forms';
import { useSignedIn } from '../session/session-context';
import { DescribedTextField } from './field-problem';
import { parseFeatureList, refusedFields } from './product-fields';

/** A new product of the vendor: its id, name and features; public-api's refusals shown at their field. */
export function CreateProductForm(props: { readonly vendorId: string; readonly onCreated: () => void }) {
  const { vendorId, onCreated } = props;
  const { api } = useSignedIn();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [features, setFeatures] = useState('');
  const [refused, setRefused] = useState<Record<string, string>>({});
  const { busy, problem, submit } = useFormSubmit(async () => {
    setRefused({});
    const answer = await api.POST('/v1/vendors/{vendorId}/products', {
      params: { path: { vendorId } },
      body: { id: id.trim(), name: name.trim(), features: parseFeatureList(features) },
    });
    if (answer.data === undefined) {
      setRefused(refusedFields(answer.error));
      return describeProblem(answer.error, 'Correct the marked fields, or pick another id, and try again.');
    }
    setId('');
    setName('');
    setFeatures('');
    onCreated();
    return undefined;
  });
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="new-product-title">
      <h2 id="new-product-title">New product</h2>
      <DescribedTextField
        label="Product id"
        name="product-id"
        required
        maxLength={64}
        hint="Letters, digits, _ and -; it appears in your devices' MQTT topics and cannot change."
        problem={refused['id']}
        value={id}
        onValue={setId}
      />
      <DescribedTextField
        label="Product name"
        name="product-name"
        required
        maxLength={200}
        problem={refused['name']}
        value={name}
        onValue={setName}
      />
      <DescribedTextField
        label="Features"
        name="product-features"
        placeholder="temperature, setpoint, mode"
        hint="The state properties its devices report or accept, separated by commas (e.g. temperature, setpoint, mode, power)."
        problem={refused['features']}
        value={features}
        onValue={setFeatures}
      />
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy}>
        Create product
      </button>
    </form>
  );
}
