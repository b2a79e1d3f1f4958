import type { ComponentChildren } from 'preact';

/** The frame of a page an email's link opens, signed in or not: the page, and the way into the console. */
export function EmailLinkFrame({
  title,
  children,
}: {
  readonly title: string;
  readonly children: ComponentChildren;
}) {
  return (
    <main id="main" class="sign-in">
      <p class="brand">
        <a href="#/">Homeport</a>
      </p>
      <h1>{title}</h1>
      {children}
    </main>
  );
}
