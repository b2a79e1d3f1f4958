import { createDirectiveForwarder } from './forward-directive';

/** Below Alexa's 8 s for the whole answer, leaving the Lambda time to answer an error in its place. */
const defaultTimeoutMs = 6500;

function readOptions(env: NodeJS.ProcessEnv) {
  const apiUrl = env.HOMEPORT_API_URL;
  if (apiUrl === undefined || !/^https?:\/\//.test(apiUrl))
    throw new Error(
      'HOMEPORT_API_URL must be set to public-api’s address, e.g. https://api.homeport.example',
    );
  const timeoutMs = Number(env.HOMEPORT_TIMEOUT_MS ?? defaultTimeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 7500)
    throw new Error('HOMEPORT_TIMEOUT_MS must be an integer between 100 and 7500');
  return { apiUrl, timeoutMs };
}

let forward: ReturnType<typeof createDirectiveForwarder> | undefined;

/**
 * The Lambda's handler (`index.handler`): settings read at the first invocation, so a misconfigured function
 * fails loudly in its log rather than answering Alexa with guesses.
 */
export async function handler(event: unknown): Promise<unknown> {
  forward ??= createDirectiveForwarder(readOptions(process.env));
  return forward(event);
}
