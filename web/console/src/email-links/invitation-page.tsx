import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { describeProblem, takeData, type ApiAnswer } from '../api/console-api';
import { FormProblem } from '../layout/forms';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { useVendorMemberships } from '../vendors/vendor-memberships';

type Invitation = ApiAnswer<'/v1/invitations', 'get'>['items'][number];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What the invitation is to, in words. */
function describeInvitation(invitation: Invitation): string {
  return invitation.kind === 'home'
    ? `the home “${invitation.homeName}” as ${invitation.role}`
    : `work for the device maker ${invitation.vendorId} as ${invitation.role}`;
}

/** The address is not confirmed yet: public-api shows no invitation until it is (it may not be theirs). */
function ConfirmAddressFirst({
  email,
  onCheckAgain,
}: {
  readonly email: string;
  readonly onCheckAgain: () => void;
}) {
  const { api } = useSignedIn();
  const [sent, setSent] = useState<string>();
  const resend = async () => {
    const answer = await api.POST('/v1/account/email-verification').catch((error: unknown) => ({ error }));
    setSent(
      'data' in answer && answer.data !== undefined
        ? `A new confirmation email is on its way to ${email}.`
        : describeProblem(answer.error, 'Try again in a minute.'),
    );
  };
  return (
    <section class="panel" aria-labelledby="confirm-title">
      <h2 id="confirm-title">Confirm your address first</h2>
      <p>
        Invitations go to an address: confirm that <strong>{email}</strong> is yours with the link of the
        email we sent to it, then press “Check again”.
      </p>
      <div class="actions">
        <button type="button" onClick={onCheckAgain}>
          Check again
        </button>
        <button type="button" class="link" onClick={() => void resend()}>
          Send the confirmation email again
        </button>
      </div>
      {sent !== undefined && <p role="status">{sent}</p>}
    </section>
  );
}

/** The invitation and its Accept button; once accepted, the home (or the maker's fleet) opens. */
function AcceptInvitation({ invitation }: { readonly invitation: Invitation }) {
  const { api } = useSignedIn();
  const memberships = useVendorMemberships();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const accept = async () => {
    setBusy(true);
    setProblem(undefined);
    const answer = await api
      .POST('/v1/invitations/{invitationId}/accept', { params: { path: { invitationId: invitation.id } } })
      .catch((error: unknown) => ({ error, data: undefined }));
    setBusy(false);
    if (answer.data === undefined) {
      setProblem(describeProblem(answer.error, 'Ask whoever invited you to send a new invitation.'));
      return;
    }
    if ('vendorId' in answer.data) {
      memberships.reload();
      window.location.hash = routeHref({ page: 'fleet', vendorId: answer.data.vendorId });
    } else window.location.hash = routeHref({ page: 'home', homeId: answer.data.id });
  };
  return (
    <section class="panel" aria-labelledby="invitation-title">
      <h2 id="invitation-title">You are invited to {describeInvitation(invitation)}</h2>
      <p class="muted">Valid until {dateFormat.format(new Date(invitation.expiresAt))}.</p>
      <FormProblem problem={problem} />
      <button type="button" disabled={busy} onClick={() => void accept()}>
        Accept invitation
      </button>
    </section>
  );
}

/**
 * An invitation email's link (`#/invitations/<id>`), once signed in (or signed up) with the invited address:
 * the invitation, accepted with one button; before, the address confirmation it needs.
 */
export function InvitationPage({ invitationId }: { readonly invitationId: string }) {
  const { api } = useSignedIn();
  const { state, reload } = useLoaded(`invitation:${invitationId}`, async () => {
    const whatToDo = 'Reload the page to try again.';
    const [account, invitations] = await Promise.all([
      api.GET('/v1/account').then((answer) => takeData(answer, whatToDo)),
      api.GET('/v1/invitations').then((answer) => takeData(answer, whatToDo)),
    ]);
    return { account, invitation: invitations.items.find((each) => each.id === invitationId) };
  });
  let body: ComponentChildren;
  if (state.status === 'loading') body = <Loading what="your invitation" />;
  else if (state.status === 'failed') body = <ErrorState message={state.message} onRetry={reload} />;
  else if (!state.value.account.emailVerified)
    body = <ConfirmAddressFirst email={state.value.account.email} onCheckAgain={reload} />;
  else if (state.value.invitation === undefined)
    body = (
      <EmptyState title="No such invitation for you">
        <p>
          It is not addressed to {state.value.account.email}, or it was accepted, withdrawn or has expired.
          Log in with the address the email went to, or ask for a new invitation.
        </p>
        <p>
          <a href={routeHref({ page: 'homes' })}>Your homes</a>
        </p>
      </EmptyState>
    );
  else body = <AcceptInvitation invitation={state.value.invitation} />;
  return (
    <>
      <h1>Invitation</h1>
      {body}
    </>
  );
}
