import { useState } from 'preact/hooks';

/**
 * A button for what cannot be undone: the first press asks `question` beside "Yes" and "Cancel"; "Yes" runs
 * `onConfirm`. Inline rather than `window.confirm`, so it is styled, read in place and kept by the keyboard.
 */
export function ConfirmButton(props: {
  readonly label: string;
  readonly accessibleName: string;
  readonly question: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
}) {
  const { label, accessibleName, question, confirmLabel, onConfirm } = props;
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        class="link"
        aria-label={accessibleName}
        onClick={() => {
          setAsking(true);
        }}
      >
        {label}
      </button>
    );
  return (
    <span class="actions" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        // The question replaced the button that had the focus: the answer takes it.
        ref={(element) => element?.focus()}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        class="link"
        onClick={() => {
          setAsking(false);
        }}
      >
        Cancel
      </button>
    </span>
  );
}
