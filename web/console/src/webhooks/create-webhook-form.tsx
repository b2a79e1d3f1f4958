import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { CheckboxChoices } from '../layout/checkbox-choices';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';
import { useSignedIn } from '../session/session-context';
import { eventTypeChoices, type WebhookEventType } from './webhook-view';

/** Subscribing a URL of the vendor's back end to event types; `onCreated` gets the signing secret (once). */
export function CreateWebhookForm(props: {
  readonly vendorId: string;
  readonly onCreated: (url: string, secret: string) => void;
}) {
  const { api } = useSignedIn();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<readonly WebhookEventType[]>(['device.state-changed']);
  const { busy, problem, submit } = useFormSubmit(async () => {
    if (eventTypes.length === 0) return 'Tick at least one event to send.';
    const answer = await api.POST('/v1/vendors/{vendorId}/webhooks', {
      params: { path: { vendorId: props.vendorId } },
      body: {
        url: url.trim(),
        eventTypes: [...eventTypes],
        ...(description.trim() !== '' && { description: description.trim() }),
      },
    });
    if (answer.data === undefined) return describeProblem(answer.error, 'Check the URL, then try again.');
    props.onCreated(answer.data.url, answer.data.secret);
    setUrl('');
    setDescription('');
    return undefined;
  });
  return (
    <form class="panel invite" onSubmit={submit}>
      <h2>New webhook</h2>
      <TextField
        label="Endpoint URL (https://)"
        name="webhook-url"
        type="text"
        required
        autocomplete="off"
        spellcheck={false}
        maxLength={2048}
        value={url}
        onValue={setUrl}
      />
      <TextField
        label="Description (optional)"
        name="webhook-description"
        maxLength={200}
        value={description}
        onValue={setDescription}
      />
      <CheckboxChoices
        legend="Send when"
        name="event-types"
        choices={eventTypeChoices.map(({ type, label }) => ({ value: type, label }))}
        value={eventTypes}
        onValue={setEventTypes}
      />
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy}>
        Create webhook
      </button>
    </form>
  );
}
