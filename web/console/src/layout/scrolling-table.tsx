import type { ComponentChildren } from 'preact';

/**
 * A table with a caption and column headers that, at a phone's width, scrolls inside its own region rather
 * than the page; the keyboard can reach that region to scroll it (WCAG 2.1.1).
 */
export function ScrollingTable(props: {
  readonly id: string;
  readonly caption: ComponentChildren;
  readonly columns: readonly string[];
  readonly class?: string;
  readonly children: ComponentChildren;
}) {
  const captionId = `${props.id}-caption`;
  return (
    <div class="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table class={props.class}>
        <caption id={captionId}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
