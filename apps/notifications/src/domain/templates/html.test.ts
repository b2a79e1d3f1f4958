import { escapeHtml, html } from './html';

describe('html templates', () => {
  it('escapes every interpolated string, in content and in attributes', () => {
    const name = '<img src=x onerror="alert(1)"> & co';
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co">' +
        '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co</p>',
    );
  });

  it('embeds nested html results as they are, once', () => {
    const item = (text: string) => html`<li>${text}</li>`;
    // prettier-ignore
    const list = html`<ul>${['a<', 'b'].map(item)}</ul>`;
    expect(list.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>');
    expect(escapeHtml("it's")).toBe('it&#39;s');
  });
});
