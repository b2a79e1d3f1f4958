/** Formats rows as columns padded to their widest cell; numbers-like columns right-aligned. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  indent = '  ',
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const isNumeric = header.map((_, column) =>
    rows.every((row) => /^[\d.,x~≤>\s%/-]*(ms|s|MB|msg\/s)?$/.test(row[column] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return isNumeric[column] === true ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** 12,345 */
export const formatCount = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** `12.3 ms`, `1,250 ms`; `-` for none. */
export function formatMs(value: number | null): string {
  if (value === null) return '-';
  return `${value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 1 : 0 })} ms`;
}

/** `0.42`; `-` for none. */
export const formatRatio = (value: number | null) => (value === null ? '-' : value.toFixed(2));
