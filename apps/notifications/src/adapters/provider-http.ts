import http from 'node:http';
import https from 'node:https';

/** What a provider answered to one HTTP request, or why no answer came (refused, reset, timed out). */
export type ProviderAnswer =
  | {
      readonly answered: true;
      readonly status: number;
      readonly headers: http.IncomingHttpHeaders;
      readonly body: string;
    }
  | { readonly answered: false; readonly reason: string };

/** One HTTP(S) request to a provider. */
export interface ProviderRequest {
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

/** Keep-alive HTTP and HTTPS connections to providers, each request bounded in time; never throws. */
export interface ProviderHttpClient {
  request(url: URL, request: ProviderRequest): Promise<ProviderAnswer>;
  /** Closes the pooled sockets. */
  close(): Promise<void>;
}

/** A provider's answer is read up to this size; anything larger is not an answer we expect. */
const maxAnswerBytes = 1024 * 1024;

/**
 * Creates the client. `timeoutMs` bounds a whole request, from connecting to the end of the answer, so a
 * hung provider costs one transient failure rather than a stuck dispatcher.
 */
export function createProviderHttpClient(options: { readonly timeoutMs: number }): ProviderHttpClient {
  const agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  return {
    request(url, request) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return Promise.resolve({ answered: false, reason: `unsupported URL scheme ${url.protocol}` });
      }
      const transport = url.protocol === 'https:' ? https : http;
      const agent = agents[url.protocol];
      const signal = AbortSignal.timeout(options.timeoutMs);
      return new Promise<ProviderAnswer>((resolve) => {
        const fail = (error: Error): void => {
          const reason = signal.aborted ? `no answer within ${options.timeoutMs} ms` : error.message;
          resolve({ answered: false, reason });
        };
        const outgoing = transport.request(url, {
          method: request.method,
          headers: request.headers,
          agent,
          signal,
        });
        outgoing.on('error', fail);
        outgoing.on('response', (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxAnswerBytes) {
              incoming.destroy(new Error(`answer larger than ${maxAnswerBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          incoming.on('error', fail);
          incoming.on('end', () => {
            resolve({
              answered: true,
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        });
        outgoing.end(request.body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
      return Promise.resolve();
    },
  };
}
