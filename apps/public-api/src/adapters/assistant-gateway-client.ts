import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';

/** What a gateway answered, or why nothing usable came back (refused, reset, timed out, not JSON). */
export type GatewayAnswer =
  | { readonly answered: true; readonly status: number; readonly body: unknown }
  | { readonly answered: false; readonly reason: string };

/**
 * One call to an assistant's cloud: a POST with a JSON body, or a form (OAuth token endpoints, RFC 6749
 * §4.1.3); or a DELETE, without a body (HomeGraph's agentUsers.delete).
 */
export interface GatewayRequest {
  readonly method?: 'POST' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
}

/**
 * HTTPS calls to the assistants' clouds (Alexa's event gateway and Login with Amazon, Google's HomeGraph
 * and OAuth token endpoint), over kept-alive connections; never throws, so a reporter decides what a failure
 * means.
 */
export interface AssistantGatewayClient {
  /** POST unless the request says DELETE. */
  post(url: string, request: GatewayRequest): Promise<GatewayAnswer>;
  close(): Promise<void>;
}

/** Answers larger than this are not answers these endpoints give. */
const maxAnswerBytes = 256 * 1024;

/**
 * `ca` (PEM) is trusted besides Node's certificate authorities: a private CA in front of the gateways (an
 * egress proxy), or a provider stand-in's certificate in tests. `timeoutMs` bounds a whole call.
 */
export function createAssistantGatewayClient(options: {
  readonly timeoutMs: number;
  readonly ca?: string;
}): AssistantGatewayClient {
  const dispatcher = new Agent({
    keepAliveTimeout: 4000,
    ...(options.ca !== undefined && { connect: { ca: [...rootCertificates, options.ca] } }),
  });
  return {
    async post(url, { method = 'POST', headers = {}, json, form }) {
      const contentType = form !== undefined ? 'application/x-www-form-urlencoded' : 'application/json';
      const body =
        method === 'DELETE'
          ? undefined
          : form !== undefined
            ? new URLSearchParams(form).toString()
            : JSON.stringify(json ?? {});
      try {
        const answer = await request(url, {
          method,
          dispatcher,
          headers: {
            ...(body !== undefined && { 'content-type': contentType }),
            accept: 'application/json',
            ...headers,
          },
          ...(body !== undefined && { body }),
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const text = await answer.body.text();
        if (text.length > maxAnswerBytes) return { answered: false, reason: 'answer too large' };
        let parsed: unknown = undefined;
        if (text !== '') {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        return { answered: true, status: answer.statusCode, body: parsed };
      } catch (error) {
        return { answered: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    close: () => dispatcher.close(),
  };
}
