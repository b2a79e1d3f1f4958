import type { ComponentChildren } from 'preact';

/**
 * A table with a caption and column headers that scrolls inside itself at a phone's width, not the page; the
 * keyboard can reach the scrolling region (WCAG 2.1.1).
 */
export function ScrollingTable(props: {
  readonly id: string;
  readonly caption: ComponentChildren;
  readonly columns: readonly string[];
  readonly children: ComponentChildren;
}) {
  const captionId = `${props.id}-caption`;
  return (
    <div class="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table>
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
