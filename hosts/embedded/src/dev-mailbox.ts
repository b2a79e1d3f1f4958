import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import writeFileAtomic from 'write-file-atomic';

/** An email the dev mailbox kept. */
export interface DevEmail {
  readonly to: string;
  readonly subject: string;
  /** The readable copy: headers and the plain-text body, decoded. */
  readonly textFile: string;
}

/** An SMTP server in this process that keeps every email as files instead of delivering it. */
export interface DevMailbox {
  /** What notifications' SMTP_URL is set to. */
  readonly smtpUrl: string;
  readonly dir: string;
  close(): Promise<void>;
}

let sequence = 0;

/** A file name that sorts by arrival and says for whom: `20261203-114500-001-ada@example.com`. */
function fileStem(to: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  sequence = (sequence + 1) % 1000;
  return `${stamp}-${String(sequence).padStart(3, '0')}-${to.replace(/[^A-Za-z0-9@._-]/g, '_')}`;
}

/**
 * Starts the dev mailbox (`npm start` without SMTP_URL): a real SMTP server (smtp-server) on 127.0.0.1, so
 * notifications sends exactly as it would to a provider, and each email lands in `dir` twice: as it came
 * (`.eml`, for a mail client) and decoded (`.txt`: To, Subject and the text with its links, to read or grep).
 */
export async function startDevMailbox(options: {
  readonly dir: string;
  readonly onEmail?: (email: DevEmail) => void;
}): Promise<DevMailbox> {
  mkdirSync(options.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(', ');
        const stem = path.join(options.dir, fileStem(to));
        const keep = async () => {
          const parsed = await simpleParser(raw);
          const subject = parsed.subject ?? '';
          const text = `To: ${to}\nSubject: ${subject}\nDate: ${new Date().toISOString()}\n\n${parsed.text ?? ''}`;
          // Whole files only: a reader polling the directory never sees an email half written.
          await writeFileAtomic(`${stem}.eml`, raw);
          await writeFileAtomic(`${stem}.txt`, text);
          options.onEmail?.({ to, subject, textFile: `${stem}.txt` });
        };
        keep().then(
          () => {
            callback(null);
          },
          (error: unknown) => {
            callback(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    dir: options.dir,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
