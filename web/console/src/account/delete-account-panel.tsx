import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';

/** What a refused deletion (409) names: the homes and vendors someone else must be made to manage first. */
interface Blockers {
  readonly homes: readonly { readonly homeId: string; readonly name: string }[];
  readonly vendors: readonly { readonly vendorId: string }[];
}

function readBlockers(error: unknown): Blockers {
  const details = (error as { details?: Partial<Blockers> } | undefined)?.details;
  return { homes: details?.homes ?? [], vendors: details?.vendors ?? [] };
}

/**
 * Deleting the account, with the current password: public-api refuses it whole while the person is the only
 * owner of a home others live in or the only admin of a vendor, and the panel lists those; once deleted, the
 * session is gone and the sign-in page says so.
 */
export function DeleteAccountPanel() {
  const { api, forgetSession } = useSignedIn();
  const [password, setPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [blockers, setBlockers] = useState<Blockers>();
  const { busy, problem, submit } = useFormSubmit(async () => {
    setBlockers(undefined);
    const answer = await api.DELETE('/v1/account', { body: { currentPassword: password } });
    if (answer.response.ok) {
      forgetSession('Your account is deleted.');
      return undefined;
    }
    if (answer.response.status === 409) {
      setBlockers(readBlockers(answer.error));
      return 'Your account is not deleted: make someone else owner or admin of these first.';
    }
    return describeProblem(answer.error, 'Check your password and try again.');
  });
  return (
    <section class="panel" aria-labelledby="delete-account-title">
      <h2 id="delete-account-title">Delete account</h2>
      <p>
        You leave the homes you share; a home where you are the only member is deleted and its devices go back
        to their maker, unclaimed. Your sessions, tokens, connected apps, webhooks and zones go too. This
        cannot be undone.
      </p>
      <form onSubmit={submit}>
        <TextField
          label="Your password"
          type="password"
          name="delete-account-password"
          autocomplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        <fieldset class="checkbox-choices">
          <legend>Confirm</legend>
          <label>
            <input
              type="checkbox"
              name="delete-account-understood"
              required
              checked={understood}
              onChange={(event) => {
                setUnderstood(event.currentTarget.checked);
              }}
            />
            <span>I understand that my account and the homes only I belong to are deleted for good</span>
          </label>
        </fieldset>
        <FormProblem problem={problem} />
        {blockers !== undefined && (
          <ul aria-label="What someone else must manage first">
            {blockers.homes.map((home) => (
              <li key={home.homeId}>
                <a href={routeHref({ page: 'home', homeId: home.homeId })}>{home.name}</a>: you are its only
                owner
              </li>
            ))}
            {blockers.vendors.map((vendor) => (
              <li key={vendor.vendorId}>Vendor {vendor.vendorId}: you are its only admin</li>
            ))}
          </ul>
        )}
        <button type="submit" disabled={busy}>
          Delete my account
        </button>
      </form>
    </section>
  );
}
