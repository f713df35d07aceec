/**
 * A parser for server-sent events read from a fetch() body (EventSource cannot send the
 * Authorization header). Feed it text chunks as they arrive; it calls `onData` with each event's
 * data (multi-line `data:` joined by newlines), ignoring comments and other fields.
 */
export function createSseParser(onData: (data: string, event: string | undefined) => void) {
  let buffer = '';
  let data: string[] = [];
  let event: string | undefined;
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onData(data.join('\n'), event);
      data = [];
      event = undefined;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  };
  return {
    feed(chunk: string) {
      buffer += chunk;
      let nl = buffer.search(/\r\n|\r|\n/);
      while (nl !== -1) {
        const sepLength = buffer[nl] === '\r' && buffer[nl + 1] === '\n' ? 2 : 1;
        // A lone \r at the very end may be the first half of \r\n: wait for more.
        if (buffer[nl] === '\r' && nl + 1 === buffer.length) break;
        line(buffer.slice(0, nl));
        buffer = buffer.slice(nl + sepLength);
        nl = buffer.search(/\r\n|\r|\n/);
      }
    },
  };
}

/** Argo wraps every streamed message as `{"result": ...}` (or `{"error": ...}`): unwraps it. */
export function unwrapStreamMessage<T>(data: string): {
  result?: T;
  error?: { code?: number; message?: string };
} {
  const parsed = JSON.parse(data) as { result?: T; error?: { code?: number; message?: string } };
  return parsed;
}
