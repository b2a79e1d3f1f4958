import type { PublicApiClient } from '@homeport/api-client';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** What every signed-in page gets: the API client with the session's token, and signing out. */
export interface SignedIn {
  readonly api: PublicApiClient;
  signOut: () => Promise<void>;
  /** Forgets the session in this tab once public-api ended it (the account deleted), saying `notice`. */
  forgetSession: (notice: string) => void;
}

/** Provided by the app once someone is signed in. */
export const SignedInContext = createContext<SignedIn | undefined>(undefined);

/** The signed-in person's API client and sign-out; only pages under the signed-in app call it. */
export function useSignedIn(): SignedIn {
  const signedIn = useContext(SignedInContext);
  if (signedIn === undefined) throw new Error('useSignedIn outside the signed-in app');
  return signedIn;
}
