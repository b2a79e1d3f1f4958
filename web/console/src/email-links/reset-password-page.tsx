import type { PublicApiClient } from '@homeport/api-client';
import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';
import { EmailLinkFrame } from './email-link-frame';
import { useLinkToken } from './link-token';

/**
 * The password reset email's link (`#/reset-password?token=…`): a new password for the account. public-api then
 * ends every session, this tab's too (`onPasswordChanged`), so the person logs in with the new one.
 */
export function ResetPasswordPage(props: {
  readonly api: PublicApiClient;
  readonly routeToken: string;
  onPasswordChanged: () => void;
}) {
  const { api, onPasswordChanged } = props;
  const token = useLinkToken('reset-password', props.routeToken);
  const [newPassword, setNewPassword] = useState('');
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.POST('/v1/account/password-reset/confirm', { body: { token, newPassword } });
    if (answer.error !== undefined) {
      return describeProblem(
        answer.error,
        'Use a password of 10 to 256 characters; if the link is used or expired, ask for a new reset email from the login page.',
      );
    }
    onPasswordChanged();
    return undefined;
  });
  return (
    <EmailLinkFrame title="Choose a new password">
      <form onSubmit={submit} aria-label="Password reset">
        <p>Every device and browser signed in to your account is signed out once you save it.</p>
        <TextField
          label="New password"
          type="password"
          name="new-password"
          autocomplete="new-password"
          required
          minLength={10}
          maxLength={256}
          value={newPassword}
          onValue={setNewPassword}
        />
        <p class="hint">At least 10 characters; a few words make a good one.</p>
        <FormProblem problem={problem} />
        <button type="submit" disabled={busy || token === ''}>
          Save the new password
        </button>
        {token === '' && (
          <p class="problem" role="alert">
            This link has no reset code: open the link of the newest reset email again.
          </p>
        )}
      </form>
    </EmailLinkFrame>
  );
}
