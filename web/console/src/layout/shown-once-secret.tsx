import { useState } from 'preact/hooks';

/**
 * A secret public-api answers once (it keeps only a hash): shown in this component's state only (never
 * stored, never in the URL), with a button that copies it. Gone once the person leaves the page.
 */
export function ShownOnceSecret(props: {
  readonly title: string;
  readonly secret: string;
  readonly usage: string;
}) {
  const { title, secret, usage } = props;
  const [copied, setCopied] = useState<string>();
  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => {
        setCopied('Copied.');
      },
      () => {
        setCopied('The browser refused to copy: select the text and copy it yourself.');
      },
    );
  };
  return (
    <div class="created-token" role="status">
      <p>
        <strong>{title}</strong>: copy it now, it will not be shown again. {usage}
      </p>
      <p class="secret" data-secret>
        {secret}
      </p>
      <p class="actions">
        <button type="button" onClick={copy}>
          Copy to clipboard
        </button>
        <span aria-live="polite">{copied}</span>
      </p>
    </div>
  );
}
