/** One bar: what it counts and how many. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

/**
 * A distribution as horizontal bars in plain HTML: each row says its label and its number as text (read by
 * screen readers and copied as text); the bar, its length relative to the largest, is decoration.
 */
export function BarList({
  title,
  bars,
  unit,
  empty,
}: {
  readonly title: string;
  readonly bars: readonly Bar[];
  /** What is counted, singular (`device`): an `s` is added for other numbers than 1. */
  readonly unit: string;
  readonly empty: string;
}) {
  const largest = Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <figure class="bars">
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul aria-label={title}>
          {bars.map((bar) => (
            <li key={bar.label}>
              <span class="bar-label">{bar.label}</span>
              <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style={{ width: `${(bar.value / largest) * 100}%` }} />
              </span>
              <span class="bar-value">
                {bar.value} {bar.value === 1 ? unit : `${unit}s`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** The bars of a `{ key: count }` record, largest first (ties by key). */
export function barsOf(counts: Readonly<Record<string, number>>): Bar[] {
  return Object.entries(counts)
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
}
