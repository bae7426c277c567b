// The last rendered frame of a job (GET /jobs/{id}/last-frame, a JPEG): fetched with the token (an <img src> cannot send
// it), shown through a blob: URL, revalidated with its ETag every few seconds while the page is visible and the job active
// (and once more when it stops being active: the last frame may have come after the last look).
import { token } from "./api.js";
import { h } from "./dom.js";

const REFRESH_MS = 5000;

/** Whether to look again: while the job is active, and once after it was. */
export function frameMayHaveChanged(previousStatus, status) {
  return status === "active" || previousStatus === "active";
}

/** A <figure> that shows job `jobId`'s last frame; `jobStatus()` is the job's status now. */
export function lastFrameFigure(jobId, jobStatus) {
  const image = h("img", { hidden: true, alt: "" });
  const caption = h("figcaption", {}, "Loading the last rendered frame…");
  const figure = h("figure", { class: "last-frame", "aria-label": "Last rendered frame" }, image, caption);
  let etag = null;
  let url = null;
  let timer = null;
  let stopped = false;
  let lastStatus = jobStatus();

  function show(text, blob, alt) {
    if (url) URL.revokeObjectURL(url);
    url = blob ? URL.createObjectURL(blob) : null;
    image.hidden = !url;
    if (url) { image.src = url; image.alt = alt; } else image.removeAttribute("src");
    caption.textContent = text;
  }

  async function load() {
    const headers = { Authorization: `Bearer ${token.get()}` };
    if (etag) headers["If-None-Match"] = etag;
    try {
      const response = await fetch(`/jobs/${jobId}/last-frame`, { headers, cache: "no-store" });
      if (stopped || response.status === 304) return;
      if (response.status === 404) { etag = null; show("No frame yet"); return; }
      if (!response.ok) { show(`The last frame cannot be shown (HTTP ${response.status}).`); return; }
      const blob = await response.blob();
      if (stopped) return;
      etag = response.headers.get("ETag");
      const alt = `Frame ${response.headers.get("X-Frame")} of task ${response.headers.get("X-Task-Id")}`;
      show(alt, blob, alt);
    } catch {
      if (!stopped) show("The last frame cannot be loaded (no connection).");
    }
  }

  async function loop() {
    if (stopped) return;
    if (document.visibilityState === "visible") {
      const status = jobStatus();
      const due = frameMayHaveChanged(lastStatus, status);
      lastStatus = status;
      if (due) await load();
    }
    if (!stopped) timer = setTimeout(loop, REFRESH_MS);
  }

  load().then(() => { if (!stopped) timer = setTimeout(loop, REFRESH_MS); });
  return {
    figure,
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (url) URL.revokeObjectURL(url);
      url = null;
    },
  };
}
