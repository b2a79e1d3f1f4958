import type { ComponentChildren } from 'preact';
import { useSignedIn } from '../session/session-context';

/** The frame of every signed-in page: a skip link, the header (home link, account, log out) and the page. */
export function Layout({ children }: { readonly children: ComponentChildren }) {
  const { signOut } = useSignedIn();
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <a href="#/" class="brand">
          Homeport
        </a>
        <nav aria-label="Account">
          <a href="#/account">Account</a>
          <button type="button" onClick={() => void signOut()}>
            Log out
          </button>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
