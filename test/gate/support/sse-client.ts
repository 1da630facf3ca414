/** One Server-Sent Event as received. */
export interface ReceivedEvent {
  readonly event: string;
  readonly data: { id?: string; [key: string]: unknown };
}

/**
 * Opens an SSE stream over real HTTP (fetch) and collects its events until `close`. Resolves once
 * the server has answered with the event-stream headers.
 */
export async function openEvents(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (response.status !== 200 || response.body === null) throw new Error(`SSE answered ${response.status}`);
  const events: ReceivedEvent[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    events,
    async close() {
      controller.abort();
      await pump;
    },
  };
}
