import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';

/**
 * Changes a page sends with a button (enable, delete, mute): `change(send)` sends one, keeps public-api's
 * refusal or the network failure as `problem` (a sentence saying what to do), and runs `after` once
 * public-api answered, so the page reads what is now true.
 */
export function useChange(after: () => void) {
  const [problem, setProblem] = useState<string>();
  const change = (send: () => Promise<{ error?: unknown }>) => {
    setProblem(undefined);
    send().then(
      (answer) => {
        if (answer.error !== undefined)
          setProblem(describeProblem(answer.error, 'Reload the page and try again.'));
        after();
      },
      (error: unknown) => {
        setProblem(describeProblem(error, 'Check your connection and try again.'));
      },
    );
  };
  return { problem, setProblem, change };
}
