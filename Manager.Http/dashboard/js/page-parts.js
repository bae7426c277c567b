// Pieces the pages of one thing (a job, a task) share.
import { h } from "./dom.js";
import { farm } from "./farm.js";

/** `<dt>`/`<dd>` pairs; a value is text, an element or a list of them. */
export function fieldList(entries) {
  return entries.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value ?? "—")]);
}

/**
 * Replaces `parent`'s children with `build()` only when `data` changed, so a focused link or button stays. When they
 * are replaced while one of them has the focus, the new one that looks the same (tag, label) gets it: a keyboard user
 * who tabbed to "Pause" as the page loaded still presses "Pause".
 */
export function replaceIfChanged(parent, data, build) {
  const signature = JSON.stringify(data);
  if (parent.dataset.signature === signature) return;
  parent.dataset.signature = signature;
  const focused = parent.contains(document.activeElement) ? focusKey(document.activeElement) : null;
  parent.replaceChildren(...[build()].flat());
  if (focused) [...parent.querySelectorAll("a, button, input, select, textarea")].find((e) => focusKey(e) === focused)?.focus();
}

function focusKey(element) {
  return `${element.tagName} ${element.getAttribute("aria-label") ?? element.textContent}`;
}

/** A task's frames: `5`, `1–3`, or — for a task without a frame range. */
export function frames(task) {
  if (task.frame_start == null) return "—";
  return task.frame_start === task.frame_end ? String(task.frame_start) : `${task.frame_start}–${task.frame_end}`;
}

/** A worker's host name as the farm's workers say (its id while they are not loaded), — for none. */
export function hostnameOf(workerId) {
  if (workerId == null) return "—";
  return farm.workers.get(workerId)?.hostname ?? `worker ${workerId}`;
}
