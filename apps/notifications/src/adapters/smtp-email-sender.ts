import nodemailer from 'nodemailer';
import type { DeliveryOutcome, EmailSender } from '../domain/channels';

/** How to reach the SMTP server. */
export interface SmtpSenderOptions {
  /** smtp://user:pass@host:587 or smtps://...:465 (nodemailer's connection URL). */
  readonly url: string;
  /** The From header, e.g. `Homeport <no-reply@example.com>`. */
  readonly from: string;
  readonly maxConnections: number;
  /** Bounds connecting, the greeting and any silence on the connection. */
  readonly timeoutMs: number;
}

/** What nodemailer puts on a failed send (smtp-connection's errors). */
interface SmtpError {
  readonly message?: string;
  readonly code?: string;
  readonly responseCode?: number;
  readonly command?: string;
  readonly response?: string;
}

/**
 * Classifies a failed SMTP send (RFC 5321 §4.2.1): 4xx is transient; 5xx on RCPT TO is the mailbox refused
 * (permanent, and the address is dead); 5xx on authentication is our credentials refused, which an operator
 * fixes, so transient; any other 5xx is permanent for this message. No reply at all (refused connection,
 * timeout, TLS) is transient.
 */
export function classifySmtpError(error: unknown): DeliveryOutcome {
  const smtp = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const code = smtp.responseCode;
  if (code === undefined) {
    return { kind: 'transient', reason: `${smtp.code ?? 'SMTP'}: ${smtp.message ?? String(error)}` };
  }
  const reason = `${smtp.command ?? 'SMTP'} answered ${smtp.response ?? code}`;
  if (code < 500) return { kind: 'transient', reason };
  if (smtp.command === 'RCPT TO') return { kind: 'permanent', reason, addressGone: true };
  if (code === 530 || code === 535 || smtp.code === 'EAUTH') return { kind: 'transient', reason };
  return { kind: 'permanent', reason, addressGone: false };
}

/** The email channel over SMTP, through nodemailer's pooled transport. */
export function createSmtpEmailSender(options: SmtpSenderOptions): EmailSender {
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections,
    // The outbox retries, with backoff and the breaker; a requeue here could send a message twice.
    maxRequeues: 0,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    channel: 'email',
    provider: () => 'smtp',
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(message.headers !== undefined && { headers: { ...message.headers } }),
        });
        return { kind: 'delivered', providerMessageId: info.messageId };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}
