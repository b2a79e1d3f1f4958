import { SegmentedChoice } from '../layout/forms';
import { chartRanges, type ChartRange } from './chart-query';

const rangeOptions = (Object.keys(chartRanges) as ChartRange[]).map((value) => ({
  value,
  label: `Last ${value}`,
}));

/** The range buttons (last hour, day, week, year). */
export function RangeChoice(props: {
  readonly range: ChartRange;
  readonly onRange: (range: ChartRange) => void;
}) {
  return <SegmentedChoice label="Range" value={props.range} options={rangeOptions} onValue={props.onRange} />;
}

/** A check box per metric the device has: the ones checked are drawn. */
export function MetricChoice(props: {
  readonly metrics: readonly string[];
  readonly shown: readonly string[];
  readonly onShown: (shown: string[]) => void;
}) {
  const { metrics, shown, onShown } = props;
  return (
    <fieldset class="metric-choice">
      <legend>Metrics</legend>
      {metrics.map((metric) => (
        <label key={metric}>
          <input
            type="checkbox"
            checked={shown.includes(metric)}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              onShown(checked ? [...shown, metric] : shown.filter((name) => name !== metric));
            }}
          />{' '}
          {metric}
        </label>
      ))}
    </fieldset>
  );
}

/** Zooming without a pointer (the middle half), and back to the whole range; what is shown, said aloud. */
export function ZoomControls(props: {
  readonly zoomed: boolean;
  readonly shownText: string;
  readonly onZoomIn: () => void;
  readonly onReset: () => void;
}) {
  return (
    <div class="zoom-controls">
      <p role="status" class="muted">
        {props.shownText}
      </p>
      <button type="button" onClick={props.onZoomIn}>
        Zoom in
      </button>
      {props.zoomed && (
        <button type="button" onClick={props.onReset}>
          Reset zoom
        </button>
      )}
    </div>
  );
}
