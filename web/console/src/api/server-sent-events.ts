/** One Server-Sent Event: its type (`event`, default `message`), data and id. */
export interface ServerSentEvent {
  readonly type: string;
  readonly data: string;
  readonly id: string | undefined;
}

/**
 * Reads an `text/event-stream` body and hands each complete event to `onEvent` (HTML Living Standard
 * §9.2.6: fields per line, an empty line dispatches, `:` lines are comments such as heartbeats). Browsers'
 * EventSource cannot send an Authorization header, so the console reads the stream with fetch.
 */
export async function readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ServerSentEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let type = '';
  let data: string[] = [];
  let id: string | undefined;
  const handleLine = (line: string) => {
    if (line === '') {
      if (data.length > 0) onEvent({ type: type === '' ? 'message' : type, data: data.join('\n'), id });
      type = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    lines.forEach(handleLine);
  }
}
