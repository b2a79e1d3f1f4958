import { useEffect, useState } from 'preact/hooks';
import { TextField } from '../layout/forms';
import { parseNumber } from './zone-draft';

/**
 * A labelled number field bound to a number, keeping what is typed ("48." on the way to "48.8") while it
 * means the same number; a change from elsewhere (the map, the arrow keys) replaces the text.
 */
export function NumberField(props: {
  readonly label: string;
  readonly name: string;
  readonly value: number;
  readonly min?: number;
  readonly step?: number | 'any';
  onNumber: (value: number) => void;
}) {
  const { label, name, value, min, step = 'any', onNumber } = props;
  const [text, setText] = useState(String(value));
  useEffect(() => {
    if (parseNumber(text, Number.NaN) !== value) setText(String(value));
  }, [value]);
  return (
    <TextField
      type="number"
      step={step}
      {...(min !== undefined && { min })}
      label={label}
      name={name}
      required
      value={text}
      onValue={(typed) => {
        setText(typed);
        const number = parseNumber(typed, Number.NaN);
        if (!Number.isNaN(number)) onNumber(number);
      }}
    />
  );
}
