/** An SSE message as the integration stream sends it. */
export interface SseMessage {
  id: string;
  event: string;
  data: any;
}

/** Reads SSE messages from the running api until `count` arrived (or the time is up); token null: as EventSource, without an Authorization header. */
export async function readSse(url: string, token: string | null, count: number, headers: Record<string, string> = {}): Promise<SseMessage[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const response = await fetch(url, { headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const messages: SseMessage[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => l && !l.startsWith(':') && !l.startsWith('retry:'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
        );
        if (fields.data) messages.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
        if (messages.length >= count) return messages;
      }
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return messages;
}
