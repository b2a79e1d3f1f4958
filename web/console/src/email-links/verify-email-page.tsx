import type { PublicApiClient } from '@homeport/api-client';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { ErrorState, Loading } from '../layout/page-states';
import { EmailLinkFrame } from './email-link-frame';
import { useLinkToken } from './link-token';

type Confirmation =
  | { readonly status: 'confirming' }
  | { readonly status: 'confirmed' }
  | { readonly status: 'failed'; readonly message: string };

/**
 * The verification email's link (`#/verify-email?token=…`): confirms the address as it opens (the token alone
 * proves the mailbox; no sign-in needed), then says what it allows.
 */
export function VerifyEmailPage({
  api,
  routeToken,
}: {
  readonly api: PublicApiClient;
  readonly routeToken: string;
}) {
  const token = useLinkToken('verify-email', routeToken);
  const [confirmation, setConfirmation] = useState<Confirmation>({ status: 'confirming' });
  const sent = useRef(false);
  useEffect(() => {
    // A token works once: one request per page, whatever re-renders.
    if (sent.current) return;
    sent.current = true;
    const whatToDo =
      'Open the link of the newest confirmation email; from your account you can have a new one sent.';
    if (token === '') {
      setConfirmation({ status: 'failed', message: `This link has no confirmation code. ${whatToDo}` });
      return;
    }
    api.POST('/v1/account/email-verification/confirm', { body: { token } }).then(
      ({ error }) => {
        setConfirmation(
          error === undefined
            ? { status: 'confirmed' }
            : { status: 'failed', message: describeProblem(error, whatToDo) },
        );
      },
      (error: unknown) => {
        setConfirmation({
          status: 'failed',
          message: describeProblem(error, 'Check your connection and reload.'),
        });
      },
    );
  }, [api, token]);

  return (
    <EmailLinkFrame title="Confirm your email address">
      {confirmation.status === 'confirming' && <Loading what="the confirmation" />}
      {confirmation.status === 'failed' && <ErrorState message={confirmation.message} />}
      {confirmation.status === 'confirmed' && (
        <div role="status">
          <p>Your email address is confirmed.</p>
          <p>
            You can now accept invitations to homes and receive alerts by email. If an invitation is waiting
            in another tab, go back to it and press “Check again”.
          </p>
        </div>
      )}
      <p>
        <a href="#/">Open Homeport</a>
      </p>
    </EmailLinkFrame>
  );
}
