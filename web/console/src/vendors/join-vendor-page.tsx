import { describeProblem } from '../api/console-api';
import { FormProblem, useFormSubmit } from '../layout/forms';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { useVendorMemberships } from './vendor-memberships';

/**
 * The link `npm start` prints (`#/join/<vendorId>/<code>`): the signed-in person becomes an admin of the
 * embedded platform's demo vendor, then sees its fleet.
 */
export function JoinVendorPage({ vendorId, code }: { readonly vendorId: string; readonly code: string }) {
  const { api } = useSignedIn();
  const memberships = useVendorMemberships();
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.POST('/v1/vendors/{vendorId}/join', {
      params: { path: { vendorId } },
      body: { code },
    });
    if (answer.data === undefined) {
      return describeProblem(
        answer.error,
        'Open the link printed by the terminal running npm start again (a restart makes a new one).',
      );
    }
    memberships.reload();
    window.location.hash = routeHref({ page: 'fleet', vendorId });
    return undefined;
  });
  return (
    <>
      <h1>Join the vendor {vendorId}</h1>
      <form class="panel" onSubmit={submit}>
        <p>
          This link comes from the terminal running <code>npm start</code>: it makes you an admin of the demo
          vendor <strong>{vendorId}</strong>, so you see its fleet, its devices and its reports as a device
          maker does. It works on this platform only, until it restarts.
        </p>
        <FormProblem problem={problem} />
        <button type="submit" disabled={busy}>
          Join {vendorId}
        </button>
      </form>
    </>
  );
}
