import { waitForValue, type EmbeddedPlatformProcess } from '@homeport/testing';
import { readFileSync } from 'node:fs';

/**
 * The `nth` email (1 = the first) to `to` whose subject holds `subject`, as `npm start`'s dev mailbox kept it:
 * the platform prints `mail to <address>: "<subject>" (<file>)` for each, the file being its decoded text.
 */
export function readDevEmail(
  platform: EmbeddedPlatformProcess,
  to: string,
  subject: string,
  nth = 1,
): Promise<string> {
  return waitForValue(
    () => {
      const files = [...platform.output().matchAll(/^mail to (\S+): "(.*)" \((.+)\)$/gm)]
        .filter(([, address, title]) => address === to && title?.includes(subject) === true)
        .map(([, , , file]) => file);
      const file = files[nth - 1];
      return Promise.resolve(file === undefined ? undefined : readFileSync(file, 'utf8'));
    },
    `email ${nth} to ${to} about "${subject}"`,
    { timeoutMs: 15_000 },
  );
}

/** The email's link to the console page `page` (`<console>/#/<page>…`, libs/contracts' buildConsoleLink). */
export function findConsoleLink(
  emailText: string,
  page: 'verify-email' | 'reset-password' | 'invitations',
): string {
  const link = new RegExp(`https?://\\S+#/${page}\\S*`).exec(emailText)?.[0];
  if (link === undefined) throw new Error(`no link to #/${page} in the email:\n${emailText}`);
  return link;
}
