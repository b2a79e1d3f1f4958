import type { PublicApiClient } from '@homeport/api-client';
import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
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
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      if (mode === 'sign-up') {
        const signUp = await api.POST('/v1/account/sign-up', { body: { email, password } });
        if (signUp.error !== undefined) {
          setProblem(
            describeProblem(signUp.error, 'Check the address and use a password of 10 to 256 characters.'),
          );
          return;
        }
      }
      const login = await api.POST('/v1/sessions', { body: { email, password } });
      if (login.data === undefined) {
        setProblem(describeProblem(login.error, 'Check your email and password, or create an account.'));
        return;
      }
      onSignedIn(sessionFromTokens(login.data));
    } catch (error) {
      setProblem(describeProblem(error, 'Check your connection and try again.'));
    } finally {
      setBusy(false);
    }
  };

  const signingUp = mode === 'sign-up';
  return (
    <main id="main" class="sign-in">
      <h1>Homeport</h1>
      {props.notice !== undefined && <p role="status">{props.notice}</p>}
      <form onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">{signingUp ? 'Create your account' : 'Log in'}</h2>
        <label>
          Email
          <input
            type="email"
            name="email"
            autocomplete="email"
            required
            value={email}
            onInput={(event) => {
              setEmail(event.currentTarget.value);
            }}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autocomplete={signingUp ? 'new-password' : 'current-password'}
            required
            minLength={signingUp ? 10 : undefined}
            value={password}
            onInput={(event) => {
              setPassword(event.currentTarget.value);
            }}
          />
        </label>
        {signingUp && <p class="hint">At least 10 characters; a few words make a good one.</p>}
        {problem !== undefined && (
          <p class="problem" role="alert">
            {problem}
          </p>
        )}
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
    </main>
  );
}
