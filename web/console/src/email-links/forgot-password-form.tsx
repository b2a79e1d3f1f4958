import type { PublicApiClient } from '@homeport/api-client';
import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';

/**
 * Asks for the password reset email (POST /v1/account/password-reset); its link opens the reset page. public-api
 * answers the same whether or not the address has an account, and so does this form.
 */
export function ForgotPasswordForm({
  api,
  email: typed,
}: {
  readonly api: PublicApiClient;
  readonly email: string;
}) {
  const [email, setEmail] = useState(typed);
  const [sent, setSent] = useState<string>();
  const { busy, problem, submit } = useFormSubmit(async () => {
    setSent(undefined);
    const answer = await api.POST('/v1/account/password-reset', { body: { email } });
    if (answer.error !== undefined) return describeProblem(answer.error, 'Check the address and try again.');
    setSent(`If an account uses ${email}, an email with a link to choose a new password is on its way.`);
    return undefined;
  });
  return (
    <form onSubmit={submit} aria-labelledby="forgot-title">
      <h2 id="forgot-title">Reset your password</h2>
      <TextField
        label="Your account's email"
        type="email"
        name="reset-email"
        autocomplete="email"
        required
        value={email}
        onValue={setEmail}
      />
      <FormProblem problem={problem} />
      {sent !== undefined && <p role="status">{sent}</p>}
      <button type="submit" disabled={busy}>
        Send the reset email
      </button>
    </form>
  );
}
