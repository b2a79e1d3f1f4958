import { TextField } from '../layout/forms';
import type { LatLon } from './web-mercator';
import { parseNumber } from './zone-draft';

const axes = ['latitude', 'longitude'] as const;

/** A point's latitude and longitude as two number fields (`<label> latitude`, named `<name>-latitude`). */
export function CoordinateFields(props: {
  readonly label: string;
  readonly name: string;
  readonly point: LatLon;
  onPoint: (point: LatLon) => void;
}) {
  const { label, name, point, onPoint } = props;
  return (
    <>
      {axes.map((axis) => (
        <TextField
          key={axis}
          type="number"
          step="any"
          label={`${label} ${axis}`}
          name={`${name}-${axis}`}
          required
          value={String(point[axis])}
          onValue={(text) => {
            onPoint({ ...point, [axis]: parseNumber(text, point[axis]) });
          }}
        />
      ))}
    </>
  );
}
