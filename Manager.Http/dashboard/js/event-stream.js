// GET /events read with fetch (EventSource cannot send an Authorization header): server-sent events parsed here,
// reconnecting after `retry` ms with the last id seen (Last-Event-ID), as EventSource would.
const SILENCE_MS = 40000; // the server writes a keep-alive every 15 s: this long without a byte is a dead connection

export function openEventStream({ token, onEvent, onOpen, onLost, onUnauthorized }) {
  let lastEventId = null;
  let retry = 1000;
  let stopped = false;
  let controller = null;

  async function readOnce() {
    controller = new AbortController();
    const headers = { Authorization: `Bearer ${token}`, Accept: "text/event-stream" };
    if (lastEventId) headers["Last-Event-ID"] = lastEventId;
    const response = await fetch("/events", { headers, signal: controller.signal, cache: "no-store" });
    if (response.status === 401) { stopped = true; onUnauthorized(); return; }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    onOpen();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let watchdog = setTimeout(() => controller.abort(), SILENCE_MS);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(), SILENCE_MS);
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } finally {
      clearTimeout(watchdog);
    }
  }

  function dispatch(block) {
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") lastEventId = value;
      else if (field === "event") name = value;
      else if (field === "data") data.push(value);
      else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
    }
    if (data.length > 0) onEvent(name, JSON.parse(data.join("\n")));
  }

  (async () => {
    while (!stopped) {
      try {
        await readOnce();
      } catch {
        // fall through: reconnect
      } finally {
        controller?.abort(); // release the connection (a browser keeps only a few per host)
      }
      if (stopped) return;
      onLost();
      await new Promise((resolve) => setTimeout(resolve, retry));
    }
  })();

  return { close() { stopped = true; controller?.abort(); } };
}
