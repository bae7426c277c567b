// The job page (#job/{id}): the job's fields and actions, its last rendered frame, and its tasks — each row replaced by
// the copy a `changes` event carries, so the page follows the farm without reloading; a deleted job shows that it is gone.
import { all, ApiError, call } from "./api.js";
import { h, syncRows } from "./dom.js";
import { farm } from "./farm.js";
import { formatEta, jobActionButtons } from "./jobs.js";
import { lastFrameFigure } from "./last-frame.js";
import { fieldList, frames, hostnameOf, replaceIfChanged } from "./page-parts.js";

const heading = h("h1", { id: "job-title" }, "Job");
const notice = h("p", { class: "notice", role: "status" });
const fields = h("dl", { class: "fields" });
const actions = h("div", { class: "actions", role: "group", "aria-label": "Job actions" });
const frameSlot = h("div");
const rows = h("tbody");
const previousTasks = h("button", { type: "button", onclick: () => turnPage(-1) }, "Previous tasks");
const nextTasks = h("button", { type: "button", onclick: () => turnPage(1) }, "Next tasks");
const taskRange = h("span");
const pager = h("div", { class: "pager", role: "group", "aria-label": "Task pages" }, previousTasks, taskRange, nextTasks);
const body = h("div", {}, fields, actions, frameSlot,
  h("h2", { id: "job-tasks-title" }, "Tasks"), pager,
  h("table", { "aria-labelledby": "job-tasks-title" },
    h("thead", {}, h("tr", {}, ["Task", "Status", "Frames", "Worker", "Attempts", "Time"].map((c) => h("th", { scope: "col" }, c)))),
    rows));
const section = h("section", { id: "job", class: "page", "aria-labelledby": "job-title", hidden: true }, heading, notice, body);
document.querySelector("main").append(section);

// A table of tens of thousands of rows takes the browser seconds to lay out again at every change: a page of them at a time.
const TASKS_PER_PAGE = 500;

let shown = null; // { id, job, tasks: Map, loaded, pending: [changes], gone, frame, first (index of the first task shown), draw }

async function load(state, draw) {
  try {
    const [job, tasks] = await Promise.all([call("GET", `/jobs/${state.id}`), all(`/jobs/${state.id}/tasks`)]);
    if (state !== shown) return;
    state.job = job;
    state.tasks = new Map(tasks.map((t) => [t.id, t]));
    state.gone = null;
  } catch (error) {
    if (state !== shown) return;
    if (error instanceof ApiError && error.status === 404) state.gone = `There is no job ${state.id}: it does not exist or was deleted.`;
    else if (!state.job) state.gone = `Job ${state.id} cannot be loaded: ${error.message}`;
    // else: what is shown stays (a lost connection has its own banner); the next event or look corrects it
  }
  state.loaded = true;
  for (const change of state.pending.splice(0)) apply(state, change);
  draw();
}

function apply(state, change) {
  if (change.removed_jobs.includes(state.id)) state.gone = `Job “${state.job?.name ?? state.id}” was deleted.`;
  for (const job of change.jobs) if (job.id === state.id) state.job = job;
  for (const task of change.tasks) if (task.job_id === state.id) state.tasks.set(task.id, task);
  for (const id of change.removed_tasks) state.tasks.delete(id);
}

function jobStatus() {
  return shown?.gone ? null : shown?.job?.status;
}

function turnPage(direction) {
  shown.first = Math.max(0, shown.first + direction * TASKS_PER_PAGE);
  shown.draw();
}

/** "Tasks 1–500 of 1,200" between the buttons to the other pages; hidden when one page holds them all. */
function renderPager(first, count, total) {
  pager.hidden = total <= TASKS_PER_PAGE;
  previousTasks.disabled = first === 0;
  nextTasks.disabled = first + count >= total;
  taskRange.textContent = ` Tasks ${first + 1}–${first + count} of ${total.toLocaleString("en")} `;
}

export const jobPage = {
  section,

  open(id, draw) {
    if (shown?.id === id) return;
    this.close();
    shown = { id, job: null, tasks: new Map(), loaded: false, pending: [], gone: null, frame: null, first: 0, draw };
    heading.textContent = `Job ${id}`;
    notice.hidden = true;
    body.hidden = true;
    rows.replaceChildren();
    load(shown, draw);
  },

  close() {
    shown?.frame?.stop();
    shown = null;
  },

  /** A `changes` event (those that come while the page loads are applied after it). */
  changes(change) {
    if (!shown) return;
    if (shown.loaded) apply(shown, change);
    else shown.pending.push(change);
  },

  /** After a resync the events cannot say what changed meanwhile: load again. */
  resync(draw) {
    if (!shown) return;
    shown.loaded = false;
    shown.pending = [];
    load(shown, draw);
  },

  render(me, report) {
    if (!shown?.loaded) return;
    const { job, gone } = shown;
    notice.hidden = !gone;
    notice.textContent = gone ?? "";
    body.hidden = !!gone;
    if (gone) {
      shown.frame?.stop();
      shown.frame = null;
      return;
    }
    heading.textContent = `Job ${job.name}`;
    if (!shown.frame) {
      shown.frame = lastFrameFigure(job.id, jobStatus);
      frameSlot.replaceChildren(shown.frame.figure);
    }
    const percent = Math.floor(job.progress * 100);
    const dependencyNames = job.depends_on.map((d) => farm.jobs.get(d)?.name ?? `job ${d}`); // the farm's jobs may load later
    replaceIfChanged(fields, [job, dependencyNames], () => fieldList([
      ["Status", h("span", { class: `status-${job.status}` }, job.status)],
      ["Activity", job.activity],
      ["Progress", [h("progress", { max: 100, value: percent, "aria-label": `Progress of ${job.name}` }), ` ${percent} %`]],
      ["Frames", `${job.frames_done} / ${job.frames_total}`],
      ["ETA", formatEta(job.eta_seconds)],
      ["Priority", String(job.priority)],
      ["Owner", job.submitted_by],
      ["Depends on", job.depends_on.length === 0 ? "—"
        : job.depends_on.flatMap((d, i) => [i > 0 ? ", " : null, h("a", { href: `#job/${d}` }, dependencyNames[i])])],
    ]));
    replaceIfChanged(actions, [job.id, job.status, job.submitted_by, me.name, me.role], () => jobActionButtons(job, me, report));
    const all = [...shown.tasks.values()].sort((a, b) => a.id - b.id);
    const lastPageStart = Math.floor(Math.max(all.length - 1, 0) / TASKS_PER_PAGE) * TASKS_PER_PAGE;
    const first = Math.min(shown.first, lastPageStart);
    const tasks = all.slice(first, first + TASKS_PER_PAGE);
    renderPager(first, tasks.length, all.length);
    syncRows(rows, tasks, (t) => t.id,
      (t) => JSON.stringify([t.status, t.frame_start, t.frame_end, t.preview, hostnameOf(t.worker_id), t.attempts, t.time_cost]),
      (t) => [
        h("th", { scope: "row" }, h("a", { href: `#task/${t.id}` }, `Task ${t.id}`)),
        h("td", { class: `status-${t.status}` }, t.status),
        h("td", { class: "number" }, frames(t), t.preview ? h("span", { class: "badge" }, "preview") : null),
        h("td", {}, hostnameOf(t.worker_id)),
        h("td", { class: "number" }, String(t.attempts)),
        h("td", { class: "number" }, formatEta(t.time_cost)),
      ]);
  },
};
