import type { PublicApiClient } from '@homeport/api-client';
import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { ForgotPasswordForm } from '../email-links/forgot-password-form';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';
import { sessionFromTokens, type Session } from './session';

type Mode = 'log-in' | 'sign-up';

/** Log in, or create an account and log in with it. */
export function SignInPage(props: {
  readonly api: PublicApiClient;
  readonly notice: string | undefined;
  onSignedIn: (session: Session) => void;
}) {
  const { api, onSignedIn } = props;
  const [mode, setMode] = useState<Mode>('log-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [forgotten, setForgotten] = useState(false);
  const signingUp = mode === 'sign-up';
  const { busy, problem, setProblem, submit } = useFormSubmit(async () => {
    if (signingUp) {
      const signUp = await api.POST('/v1/account/sign-up', { body: { email, password } });
      if (signUp.error !== undefined) {
        return describeProblem(signUp.error, 'Check the address and use a password of 10 to 256 characters.');
      }
    }
    const login = await api.POST('/v1/sessions', { body: { email, password } });
    if (login.data === undefined) {
      return describeProblem(login.error, 'Check your email and password, or create an account.');
    }
    onSignedIn(sessionFromTokens(login.data));
    return undefined;
  });

  return (
    <main id="main" class="sign-in">
      <h1>Homeport</h1>
      {props.notice !== undefined && <p role="status">{props.notice}</p>}
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">{signingUp ? 'Create your account' : 'Log in'}</h2>
        <TextField
          label="Email"
          type="email"
          name="email"
          autocomplete="email"
          required
          value={email}
          onValue={setEmail}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autocomplete={signingUp ? 'new-password' : 'current-password'}
          required
          minLength={signingUp ? 10 : undefined}
          value={password}
          onValue={setPassword}
        />
        {signingUp && <p class="hint">At least 10 characters; a few words make a good one.</p>}
        <FormProblem problem={problem} />
        <button type="submit" disabled={busy}>
          {signingUp ? 'Create account' : 'Log in'}
        </button>
      </form>
      <p>
        {signingUp ? 'Already have an account? ' : 'New to Homeport? '}
        <button
          type="button"
          class="link"
          onClick={() => {
            setMode(signingUp ? 'log-in' : 'sign-up');
            setProblem(undefined);
          }}
        >
          {signingUp ? 'Log in' : 'Create an account'}
        </button>
      </p>
      {!signingUp && !forgotten && (
        <p>
          <button
            type="button"
            class="link"
            onClick={() => {
              setForgotten(true);
            }}
          >
            Forgot your password?
          </button>
        </p>
      )}
      {!signingUp && forgotten && <ForgotPasswordForm api={api} email={email} />}
    </main>
  );
}
