/** A field's refusal, shown under it; the field points at it with aria-describedby=`id`. */
export function FieldProblem({ id, problem }: { readonly id: string; readonly problem: string | undefined }) {
  return (
    <p id={id} class="problem field-problem" hidden={problem === undefined}>
      {problem}
    </p>
  );
}
