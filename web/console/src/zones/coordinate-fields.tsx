import { NumberField } from './number-field';
import type { LatLon } from './web-mercator';

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
        <NumberField
          key={axis}
          label={`${label} ${axis}`}
          name={`${name}-${axis}`}
          value={point[axis]}
          onNumber={(value) => {
            onPoint({ ...point, [axis]: value });
          }}
        />
      ))}
    </>
  );
}
