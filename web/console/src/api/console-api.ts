import { createPublicApiClient, type PublicApiClient, type paths } from '@homeport/api-client';

/** The JSON body of a route's answer with `status`, as public-api's OpenAPI document describes it. */
export type ApiAnswer<
  Path extends keyof paths,
  Method extends 'get' | 'post' | 'patch',
  Status extends number = 200,
> = paths[Path][Method] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/** What public-api answers on an error: `{ code, message, requestId }` (libs/http's one mapping). */
export interface ApiProblem {
  readonly code: string;
  readonly message: string;
}

/** Hooks the console gives its API client: the current access token, and what a refused one means. */
export interface ConsoleApiHooks {
  readAccessToken(): string | undefined;
  /** public-api answered 401 to a call made with a token: the session ended (logout elsewhere, expiry). */
  onSessionEnded(): void;
}

/**
 * The one way the console reaches public-api: the generated typed client, on the page's own origin (public-api
 * serves the console), with the session's access token added to every call.
 */
export function createConsoleApi(hooks: ConsoleApiHooks, origin = window.location.origin): PublicApiClient {
  const api = createPublicApiClient({ baseUrl: origin });
  api.use({
    onRequest({ request }) {
      const token = hooks.readAccessToken();
      if (token !== undefined) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401 && request.headers.has('authorization')) hooks.onSessionEnded();
      return undefined;
    },
  });
  return api;
}

/** A sentence for a person: what went wrong (public-api's message) and what to do about it. */
export function describeProblem(error: unknown, whatToDo: string): string {
  const problem = error as Partial<ApiProblem> | undefined;
  const what =
    typeof problem?.message === 'string'
      ? problem.message
      : error instanceof Error
        ? `the server could not be reached (${error.message})`
        : 'the server answered with an error';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}. ${whatToDo}`;
}

/** The data of an answer, or an Error whose message says what went wrong and `whatToDo`. */
export function takeData<T>(answer: { data?: T; error?: unknown }, whatToDo: string): T {
  if (answer.error !== undefined || answer.data === undefined) {
    throw new Error(describeProblem(answer.error, whatToDo));
  }
  return answer.data;
}
