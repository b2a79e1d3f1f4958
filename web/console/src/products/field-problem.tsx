import type { ComponentProps } from 'preact';
import { TextField } from '../layout/forms';

/** A field's refusal, shown under it; the field points at it with aria-describedby=`id`. */
function FieldProblem({ id, problem }: { readonly id: string; readonly problem: string | undefined }) {
  return (
    <p id={id} class="problem field-problem" hidden={problem === undefined}>
      {problem}
    </p>
  );
}

/**
 * A labelled text field with its hint and its refusal under it, both named by the field's aria-describedby
 * (`<name>-hint`, `<name>-problem`), so a screen reader reads them with the field.
 */
export function DescribedTextField(
  props: Omit<ComponentProps<typeof TextField>, 'aria-describedby'> & {
    readonly hint?: string;
    readonly problem?: string;
  },
) {
  const { hint, problem, ...field } = props;
  const hintId = `${field.name}-hint`;
  const problemId = `${field.name}-problem`;
  return (
    <>
      <TextField
        {...field}
        aria-describedby={hint === undefined ? problemId : `${hintId} ${problemId}`}
        autocapitalize="none"
        spellcheck={false}
      />
      {hint !== undefined && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
      <FieldProblem id={problemId} problem={problem} />
    </>
  );
}
