/**
 * A group of checkboxes named by `legend`, each a sentence and the API's name for it; `value` holds the
 * ticked ones in the order they were ticked.
 */
export function CheckboxChoices<T extends string>(props: {
  readonly legend: string;
  readonly name: string;
  readonly choices: readonly { readonly value: T; readonly label: string }[];
  readonly value: readonly T[];
  readonly onValue: (value: readonly T[]) => void;
}) {
  const { legend, name, choices, value, onValue } = props;
  return (
    <fieldset class="checkbox-choices">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value}>
          <input
            type="checkbox"
            name={name}
            value={choice.value}
            checked={value.includes(choice.value)}
            onChange={(event) => {
              onValue(
                event.currentTarget.checked
                  ? [...value, choice.value]
                  : value.filter((each) => each !== choice.value),
              );
            }}
          />
          <span>
            {choice.label} <code class="muted">{choice.value}</code>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
