import type { InputHTMLAttributes } from 'preact';
import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';

/**
 * A form's submission: `action` answers a problem sentence when the API refused, undefined when done; a
 * network failure becomes a sentence too. `busy` while it runs (to disable the submit button).
 */
export function useFormSubmit(action: () => Promise<string | undefined>) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const submit = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    action()
      .then(setProblem, (error: unknown) => {
        setProblem(describeProblem(error, 'Check your connection and try again.'));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return { busy, problem, setProblem, submit };
}

/** The attributes a text field passes to its input. */
interface TextInputAttributes {
  readonly type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'week' | 'time';
  readonly min?: number;
  readonly step?: number | 'any';
  readonly name: string;
  readonly required?: boolean;
  readonly autocomplete?: string;
  readonly autocapitalize?: 'none' | 'characters';
  readonly spellcheck?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly placeholder?: string;
  readonly 'aria-describedby'?: string;
}

/** A labelled text input bound to a string. */
export function TextField(
  props: TextInputAttributes & {
    readonly label: string;
    readonly value: string;
    readonly onValue: (value: string) => void;
  },
) {
  const { label, value, onValue, ...input } = props;
  return (
    <label>
      {label}
      <input
        // Preact types each input `type` with its own attributes; these suit every type above alike.
        {...(input as InputHTMLAttributes)}
        value={value}
        onInput={(event) => {
          onValue(event.currentTarget.value);
        }}
      />
    </label>
  );
}

/** The form's problem, announced as an alert. */
export function FormProblem({ problem }: { readonly problem: string | undefined }) {
  if (problem === undefined) return null;
  return (
    <p class="problem" role="alert">
      {problem}
    </p>
  );
}

/**
 * A labelled selector. The label names it by `for` rather than by wrapping it, so its name is the label
 * alone, not the label followed by every option.
 */
export function SelectField<T extends string>(props: {
  readonly label: string;
  readonly name: string;
  readonly value: T;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly onValue: (value: T) => void;
}) {
  const { label, name, value, options, onValue } = props;
  const id = `field-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(event) => {
          // The options are the only values the element can take.
          onValue(event.currentTarget.value as T);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A row of toggle buttons choosing one of `options` (the chosen one pressed), named `label` as a group. */
export function SegmentedChoice<T extends string>(props: {
  readonly label: string;
  readonly value: T;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly onValue: (value: T) => void;
}) {
  const { label, value, options, onValue } = props;
  return (
    <div role="group" aria-label={label} class="segmented">
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={value === option.value}
          onClick={() => {
            onValue(option.value);
          }}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
