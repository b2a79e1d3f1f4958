import { useState } from 'preact/hooks';
import { describeProblem, type ApiAnswer } from '../api/console-api';
import { FormProblem, useFormSubmit } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { refusedFields } from './product-fields';

type AssistantMapping = ApiAnswer<'/v1/vendors/{vendorId}/products/{productId}/assistant-mapping', 'get'>;

/** Where a product without a mapping starts: the shape public-api takes, for the person to fill in. */
const startingMapping: AssistantMapping = { deviceType: 'thermostat', capabilities: {} };

/** The JSON text of a mapping, or a sentence saying why the text is not one. */
function readMappingText(text: string): { mapping: AssistantMapping } | { problem: string } {
  try {
    // public-api validates the shape and the features: the console only needs JSON to send.
    return { mapping: JSON.parse(text) as AssistantMapping };
  } catch (error) {
    return {
      problem: `The mapping is not valid JSON (${(error as Error).message}): correct it and save again.`,
    };
  }
}

/**
 * How the product's features map to Alexa and Google Home capabilities, edited as JSON (the shape is in the
 * API documentation, /docs); a refusal lists each capability public-api names beside the text.
 */
export function AssistantMappingEditor(props: {
  readonly vendorId: string;
  readonly productId: string;
  readonly onSaved: () => void;
}) {
  const { vendorId, productId, onSaved } = props;
  const { api } = useSignedIn();
  const path = { vendorId, productId };
  const [text, setText] = useState<string>();
  const [refused, setRefused] = useState<Record<string, string>>({});
  const current = useLoaded(`mapping:${vendorId}:${productId}`, async () => {
    const answer = await api.GET('/v1/vendors/{vendorId}/products/{productId}/assistant-mapping', {
      params: { path },
    });
    if (answer.data !== undefined) return answer.data;
    if (answer.response.status === 404 && answer.error.code === 'ASSISTANT_MAPPING_NOT_FOUND')
      return startingMapping;
    throw new Error(describeProblem(answer.error, 'Try again in a moment.'));
  });
  const shown =
    text ?? (current.state.status === 'loaded' ? JSON.stringify(current.state.value, null, 2) : '');
  const { busy, problem, submit } = useFormSubmit(async () => {
    setRefused({});
    const read = readMappingText(shown);
    if ('problem' in read) return read.problem;
    const answer = await api.PUT('/v1/vendors/{vendorId}/products/{productId}/assistant-mapping', {
      params: { path },
      body: read.mapping,
    });
    if (answer.data === undefined) {
      setRefused(refusedFields(answer.error, 2));
      return describeProblem(answer.error, 'Correct the capabilities listed and save again.');
    }
    onSaved();
    return undefined;
  });
  if (current.state.status === 'loading') return <Loading what="the assistant mapping" />;
  if (current.state.status === 'failed')
    return <ErrorState message={current.state.message} onRetry={current.reload} />;
  const refusedList = Object.entries(refused);
  const fieldId = `mapping-${productId}`;
  return (
    <form class="mapping-editor" onSubmit={submit}>
      <label for={fieldId}>Assistant mapping of {productId} (JSON)</label>
      <textarea
        id={fieldId}
        name="assistant-mapping"
        rows={10}
        spellcheck={false}
        aria-describedby={`${fieldId}-hint ${fieldId}-problems`}
        aria-invalid={refusedList.length > 0}
        value={shown}
        onInput={(event) => {
          setText(event.currentTarget.value);
        }}
      />
      <p id={`${fieldId}-hint`} class="hint">
        deviceType: thermostat, light, outlet, switch or temperature-sensor; each capability names the feature
        (property) that holds its value. The API documentation (/docs) has the whole shape.
      </p>
      <ul
        id={`${fieldId}-problems`}
        class="problem"
        aria-label="Refused capabilities"
        hidden={refusedList.length === 0}
      >
        {refusedList.map(([where, message]) => (
          <li key={where}>
            <code>{where}</code>: {message}
          </li>
        ))}
      </ul>
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy}>
        Save mapping
      </button>
    </form>
  );
}
