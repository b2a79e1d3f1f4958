import http2 from 'node:http2';
import type { ProviderAnswer } from './provider-http';

/** One HTTP/2 connection to APNs, opened when first needed and again after it breaks. */
export interface ApnsConnection {
  /** Sends one request on the connection; never throws, a timeout or a broken stream is an unanswered request. */
  request(headers: http2.OutgoingHttpHeaders, body: string): Promise<ProviderAnswer>;
  close(): Promise<void>;
}

/**
 * APNs wants one long-lived HTTP/2 connection per provider, many requests multiplexed on it
 * (https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns).
 * `ca` adds a trusted certificate authority (tests' stand-in); Apple's certificates chain to public roots.
 */
export function createApnsConnection(options: {
  readonly url: string;
  readonly timeoutMs: number;
  readonly ca?: string;
}): ApnsConnection {
  let session: http2.ClientHttp2Session | undefined;

  function openSession(): http2.ClientHttp2Session {
    if (session !== undefined && !session.closed && !session.destroyed) return session;
    const opened = http2.connect(options.url, options.ca === undefined ? {} : { ca: options.ca });
    const forget = (): void => {
      if (session === opened) session = undefined;
    };
    // A broken connection fails its streams (each answered transient) and the next request opens a new one.
    opened.on('error', forget);
    opened.on('goaway', forget);
    opened.on('close', forget);
    session = opened;
    return opened;
  }

  function request(headers: http2.OutgoingHttpHeaders, body: string): Promise<ProviderAnswer> {
    let current: http2.ClientHttp2Session;
    try {
      current = openSession();
    } catch (error) {
      return Promise.resolve({ answered: false, reason: (error as Error).message });
    }
    return new Promise((resolve) => {
      let settled = false;
      const finish = (answer: ProviderAnswer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(answer);
      };
      const stream = current.request(headers);
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        // A connection that never finished opening is dropped, not waited on again.
        if (current.connecting) current.destroy();
        finish({ answered: false, reason: `no answer within ${options.timeoutMs} ms` });
      }, options.timeoutMs);
      let responseHeaders: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader = {};
      const chunks: Buffer[] = [];
      stream.on('response', (received) => {
        responseHeaders = received;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        finish({
          answered: true,
          status: responseHeaders[':status'] ?? 0,
          headers: responseHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      stream.on('error', (error: Error) => {
        finish({ answered: false, reason: error.message });
      });
      stream.on('close', () => {
        finish({ answered: false, reason: `stream closed (code ${stream.rstCode})` });
      });
      stream.end(body);
    });
  }

  return {
    request,
    close() {
      const current = session;
      session = undefined;
      if (current === undefined || current.closed) return Promise.resolve();
      return new Promise((resolve) => {
        current.close(resolve);
      });
    },
  };
}
