import { describeProblem } from '../api/console-api';
import { FormProblem, useFormSubmit } from '../layout/forms';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { useOperatorAccess } from './operator-access';

/**
 * The link `npm start` prints (`#/join-operators/<code>`): the signed-in person becomes a platform operator of
 * the embedded platform, then sees its Operations page.
 */
export function JoinOperatorsPage({ code }: { readonly code: string }) {
  const { api } = useSignedIn();
  const access = useOperatorAccess();
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.POST('/v1/operations/join', { body: { code } });
    if (answer.data === undefined) {
      return describeProblem(
        answer.error,
        'Open the link printed by the terminal running npm start again (a restart makes a new one).',
      );
    }
    access.reload();
    window.location.hash = routeHref({ page: 'operations' });
    return undefined;
  });
  return (
    <>
      <h1>Become an operator</h1>
      <form class="panel" onSubmit={submit}>
        <p>
          This link comes from the terminal running <code>npm start</code>: it makes you an operator of this
          platform, so you see the health of every service and dependency, the queues and their dead letters.
          It works on this platform only, until it restarts.
        </p>
        <FormProblem problem={problem} />
        <button type="submit" disabled={busy}>
          Become an operator
        </button>
      </form>
    </>
  );
}
