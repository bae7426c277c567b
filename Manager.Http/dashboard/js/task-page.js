// The task page (#task/{id}): the task's fields, actions, commands, history and a live log tail. The `changes` events
// carry tasks as GET /tasks rows (no log, no history), and a log chunk alone changes no task, so the page reads
// GET /tasks/{id} again when an event names the task and, while it renders and the page is visible, once a second.
import { ApiError, call } from "./api.js";
import { h } from "./dom.js";
import { farm } from "./farm.js";
import { formatEta } from "./jobs.js";
import { openFullLog, showTail } from "./log-tail.js";
import { fieldList, frames, hostnameOf, replaceIfChanged } from "./page-parts.js";
import { taskActionButtons } from "./task-actions.js";

const POLL_MS = 1000;

const heading = h("h1", { id: "task-title" }, "Task");
const notice = h("p", { class: "notice", role: "status" });
const fields = h("dl", { class: "fields" });
const actions = h("div", { class: "actions", role: "group", "aria-label": "Task actions" });
const commands = h("div");
const tail = h("pre", { class: "log", tabindex: 0, "aria-labelledby": "task-log-title" });
const fullLog = h("button", { type: "button" }, "Full log");
const history = h("tbody");
const body = h("div", {}, fields, actions,
  h("h2", {}, "Commands"), commands,
  h("h2", { id: "task-log-title" }, "Log (the last 4 KiB)"), tail, h("p", {}, fullLog),
  h("h2", { id: "task-history-title" }, "History"),
  h("table", { "aria-labelledby": "task-history-title" },
    h("thead", {}, h("tr", {}, ["At", "By", "Status", "Reason"].map((c) => h("th", { scope: "col" }, c)))), history));
const section = h("section", { id: "task", class: "page", "aria-labelledby": "task-title", hidden: true }, heading, notice, body);
document.querySelector("main").append(section);

let shown = null; // { id, task, gone, fetching, again, timer, draw }
let reportAction = () => {};
fullLog.addEventListener("click", () => shown && openFullLog(shown.id, reportAction));

/** Reads GET /tasks/{id}; a call while one is under way makes it read once more after (calls coalesce). */
async function refresh(state) {
  if (state.fetching) { state.again = true; return; }
  state.fetching = true;
  try {
    do {
      state.again = false;
      const task = await call("GET", `/tasks/${state.id}`);
      if (state !== shown) return;
      state.task = task;
      state.gone = null;
    } while (state.again);
  } catch (error) {
    if (state !== shown) return;
    if (error instanceof ApiError && error.status === 404) state.gone = `There is no task ${state.id}: it does not exist or was deleted.`;
    else if (!state.task) state.gone = `Task ${state.id} cannot be loaded: ${error.message}`;
    // else: what is shown stays (a lost connection has its own banner); the next event or look corrects it
  } finally {
    state.fetching = false;
  }
  state.draw();
}

/** While the task renders and the page is visible, its log tail is read once a second. */
function poll(state) {
  if (state !== shown) return;
  const read = document.visibilityState === "visible" && state.task?.status === "rendering" && !state.gone
    ? refresh(state) : Promise.resolve();
  read.then(() => { if (state === shown) state.timer = setTimeout(() => poll(state), POLL_MS); });
}

/** argv as a shell would read it back: an argument with spaces or quotes is single-quoted. */
export function formatArgv(argv) {
  return argv.map((a) => (/^[\w@%+=:,./#-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(" ");
}

function formatTime(iso) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export const taskPage = {
  section,

  open(id, draw) {
    if (shown?.id === id) return;
    this.close();
    shown = { id, task: null, gone: null, fetching: false, again: false, timer: null, draw };
    heading.textContent = `Task ${id}`;
    notice.hidden = true;
    body.hidden = true;
    tail.textContent = "";
    const state = shown;
    refresh(state).then(() => poll(state));
  },

  close() {
    if (shown) clearTimeout(shown.timer);
    shown = null;
  },

  changes(change) {
    if (!shown) return;
    if (change.removed_tasks.includes(shown.id) || (shown.task && change.removed_jobs.includes(shown.task.job_id))) {
      shown.gone = `Task ${shown.id} was deleted.`;
      return;
    }
    if (change.tasks.some((t) => t.id === shown.id)) refresh(shown);
  },

  resync() {
    if (shown) refresh(shown);
  },

  render(me, report) {
    reportAction = report;
    if (!shown || (!shown.task && !shown.gone)) return;
    const { task, gone } = shown;
    notice.hidden = !gone;
    notice.textContent = gone ?? "";
    body.hidden = !!gone;
    if (gone) return;
    const state = shown;
    replaceIfChanged(fields, [task, hostnameOf(task.worker_id), farm.jobs.get(task.job_id)?.name], () => fieldList([
      ["Status", h("span", { class: `status-${task.status}` }, task.status)],
      ["Activity", task.activity],
      ["Frames", [frames(task), task.frame_current == null ? null : ` (current ${task.frame_current})`,
        task.preview ? h("span", { class: "badge" }, "preview") : null]],
      ["Priority", String(task.priority)],
      ["Type", task.type],
      ["Worker", hostnameOf(task.worker_id)],
      ["Attempts", String(task.attempts)],
      ["Error", task.error],
      ["Time", formatEta(task.time_cost)],
      ["Job", task.job_id == null ? "—" : h("a", { href: `#job/${task.job_id}` }, farm.jobs.get(task.job_id)?.name ?? `Job ${task.job_id}`)],
      ["Depends on", task.depends_on.length === 0 ? "—"
        : task.depends_on.flatMap((d, i) => [i > 0 ? ", " : null, h("a", { href: `#task/${d}` }, `Task ${d}`)])],
      ["Submitted by", task.submitted_by],
    ]));
    replaceIfChanged(actions, [task.id, task.status, task.priority, task.submitted_by, me.name, me.role],
      () => taskActionButtons(task, me, report, () => refresh(state)));
    replaceIfChanged(commands, task.commands, () => task.commands.map((c) =>
      h("figure", { class: "command" }, h("figcaption", {}, c.name), h("pre", {}, h("code", {}, formatArgv(c.argv))))));
    showTail(tail, task.log_tail ?? "");
    replaceIfChanged(history, task.history, () => task.history.map((e) =>
      h("tr", {}, h("td", {}, formatTime(e.at)), h("td", {}, e.by), h("td", { class: `status-${e.status}` }, e.status), h("td", {}, e.reason))));
  },
};
