import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** An email as the SMTP server took it. */
export interface ReceivedEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string | undefined;
  /** Each header as written (lower-case name: value, unfolded). */
  readonly headers: Readonly<Record<string, string>>;
}

/** How the server answers; tests change it while it runs. */
export interface SmtpBehaviour {
  /** An SMTP error code to refuse MAIL FROM with (421: try later), or undefined to accept. */
  mailFromRefusal: (() => number | undefined) | undefined;
  /** Recipients refused at RCPT TO with 550 (mailbox unavailable). */
  readonly unknownMailboxes: Set<string>;
  /** Milliseconds the server takes, once it holds a whole message, before answering 250. */
  dataDelayMs: number;
}

/** A real SMTP server (the smtp-server package) in the test process. */
export interface TestSmtpServer {
  readonly url: string;
  readonly behaviour: SmtpBehaviour;
  readonly received: readonly ReceivedEmail[];
  /** MAIL FROM commands seen, accepted or not: the attempts that reached the server. */
  readonly mailFromCount: () => number;
  /** RCPT TO commands seen per address. */
  readonly rcptCount: (address: string) => number;
  receivedBy(address: string): ReceivedEmail[];
  close(): Promise<void>;
}

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

/** Starts the server on a free port of 127.0.0.1 (no TLS, no authentication). */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = [];
  const rcpts = new Map<string, number>();
  let mailFroms = 0;
  const behaviour: SmtpBehaviour = {
    mailFromRefusal: undefined,
    unknownMailboxes: new Set(),
    dataDelayMs: 0,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      mailFroms += 1;
      const refusal = behaviour.mailFromRefusal?.();
      callback(refusal === undefined ? null : smtpError(refusal, 'Service not available, try again later'));
    },
    onRcptTo(address, _session, callback) {
      rcpts.set(address.address, (rcpts.get(address.address) ?? 0) + 1);
      const unknown = behaviour.unknownMailboxes.has(address.address);
      callback(unknown ? smtpError(550, 'No such user here') : null);
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',');
      // Taken once the whole message is in, before the reply (what a real server does: RFC 5321 §4.1.1.4).
      void simpleParser(stream).then(
        (parsed) => {
          received.push({
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId,
            headers: Object.fromEntries(
              parsed.headerLines.map(({ key, line }) => [
                key,
                line
                  .slice(line.indexOf(':') + 1)
                  .replace(/\r?\n\s+/g, ' ')
                  .trim(),
              ]),
            ),
          });
          setTimeout(() => {
            callback(null);
          }, behaviour.dataDelayMs);
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
    behaviour,
    received,
    mailFromCount: () => mailFroms,
    rcptCount: (address) => rcpts.get(address) ?? 0,
    receivedBy: (address) => received.filter((email) => email.to === address),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
