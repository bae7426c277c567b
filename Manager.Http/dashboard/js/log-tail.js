// A task's log tail in a <pre> that follows the end as lines arrive, unless the reader scrolled up; and the full log
// (GET /tasks/{id}/log needs the token, so it is fetched and opened in a new tab as a blob: URL, never with the token in a URL).
import { token } from "./api.js";

/** Shows `text` in `pre`, keeping the end in view if it was in view (or nothing was shown yet). */
export function showTail(pre, text) {
  if (pre.textContent === text) return;
  const followsEnd = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 8;
  pre.textContent = text;
  if (followsEnd) pre.scrollTop = pre.scrollHeight;
}

/** Opens task `taskId`'s whole log in a new tab (opened at once, while the click still allows it). */
export async function openFullLog(taskId, report) {
  const tab = window.open("", "_blank");
  if (!tab) { report(`Full log of task ${taskId}: the browser did not open a tab (allow pop-ups for this page).`); return; }
  try {
    const response = await fetch(`/tasks/${taskId}/log`, { headers: { Authorization: `Bearer ${token.get()}` }, cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const url = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: "text/plain;charset=utf-8" }));
    tab.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60000); // the tab has read it by then
  } catch (error) {
    tab.close();
    report(`Full log of task ${taskId}: ${error.message}`);
  }
}
