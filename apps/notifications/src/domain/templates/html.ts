/** HTML that is already safe to embed: built by `html`, never from a caller's string. */
export class SafeHtml {
  constructor(readonly value: string) {}
}

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

type HtmlValue = string | number | SafeHtml | readonly SafeHtml[];

/**
 * Tagged template for email HTML: every interpolated string or number is escaped; only SafeHtml (another
 * `html` result) is embedded as is. So a device or home name can never inject markup into an email.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  const embed = (value: HtmlValue): string => {
    if (value instanceof SafeHtml) return value.value;
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return escapeHtml(value);
    return value.map((part) => part.value).join('');
  };
  return new SafeHtml(strings.reduce((out, part, index) => out + embed(values[index - 1] ?? '') + part));
}
