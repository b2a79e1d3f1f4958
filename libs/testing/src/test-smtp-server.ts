import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitForValue } from './wait-for';

/** An email as the test SMTP server took it. */
export interface TestEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Header names lower-cased, e.g. `list-unsubscribe`, as written (folding undone). */
  readonly headers: ReadonlyMap<string, string>;
}

/** A throwaway SMTP server (the smtp-server package) in the test process, for a service's emails. */
export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`: a service's SMTP_URL. */
  readonly url: string;
  /** Every email taken so far. */
  readonly received: readonly TestEmail[];
  /** The `nth` (1 = the first) email to `address`, once it has arrived. */
  emailTo(address: string, nth?: number): Promise<TestEmail>;
  close(): Promise<void>;
}

/** Starts an SMTP server on a free port of 127.0.0.1 (no TLS, no authentication) that takes every email. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: TestEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',');
      void simpleParser(stream, { skipHtmlToText: true }).then(
        (parsed) => {
          const headers = new Map(parsed.headerLines.map(({ key, line }) => [key, unfold(line)]));
          received.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', headers });
          callback(null);
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    emailTo: (address, nth = 1) =>
      waitForValue(
        () => Promise.resolve(received.filter((email) => email.to === address)[nth - 1]),
        `email ${nth} to ${address}`,
        { timeoutMs: 30_000 },
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A header line's value: after `Name:`, continuation lines joined (RFC 5322 §2.2.3). */
function unfold(line: string): string {
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
