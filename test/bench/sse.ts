/** Reads an SSE response to its end (or abort), calling back with each event's position, recordedAt and when its chunk arrived. */
export async function readSse(stream: Response, onEvent: (position: number, recordedAt: string, receivedAt: number) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
      const receivedAt = Date.now();
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((l) => l.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (data) {
          const event = JSON.parse(data.slice(6)) as { position: number; recordedat: string };
          onEvent(event.position, event.recordedat, receivedAt);
        }
      }
    }
  } catch {
    /* aborted */
  }
}
