// The jobs page: progress, frames, ETA, priority, owner, a status filter and search, and the actions the role allows.
import { call } from "./api.js";
import { askPriority, confirmAction } from "./dialogs.js";
import { h, syncRows } from "./dom.js";
import { farm } from "./farm.js";

/** The actions of a job in each status (docs/api.md, "Job actions"). */
function actionsFor(job) {
  const actions = [];
  if (job.status === "queued" || job.status === "active") actions.push("pause", "cancel");
  if (job.status === "paused") actions.push("resume", "cancel");
  if (job.status === "failed" || job.status === "canceled") actions.push("requeue");
  if (job.status === "completed") actions.push("render again");
  actions.push("priority", "delete");
  return actions;
}

const LABELS = { pause: "Pause", resume: "Resume", cancel: "Cancel", requeue: "Requeue failed", "render again": "Render again",
  priority: "Priority…", delete: "Delete" };

async function act(action, jobId, report) {
  const job = farm.jobs.get(jobId);
  if (!job) return;
  try {
    switch (action) {
      case "pause": await call("PATCH", `/jobs/${jobId}`, { status: "paused" }); break;
      case "resume": case "requeue": case "render again": await call("PATCH", `/jobs/${jobId}`, { status: "queued" }); break;
      case "cancel":
        if (await confirmAction(`Cancel job “${job.name}”? Its unfinished tasks stop.`, "Cancel job"))
          await call("PATCH", `/jobs/${jobId}`, { status: "canceled" });
        break;
      case "delete":
        if (await confirmAction(`Delete job “${job.name}” and all its tasks? This cannot be undone.`, "Delete job"))
          await call("DELETE", `/jobs/${jobId}`);
        break;
      case "priority": {
        const priority = await askPriority(job.priority);
        if (priority !== null) await call("PATCH", `/jobs/${jobId}`, { priority });
        break;
      }
    }
  } catch (error) {
    report(`${LABELS[action]} “${job.name}”: ${error.message}`);
  }
}

export function formatEta(seconds) {
  if (seconds == null) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The action buttons `me` may use on `job` (none on another's job for a submitter), as on the jobs page. */
export function jobActionButtons(job, me, report) {
  if (me.role !== "operator" && job.submitted_by !== me.name) return [];
  return actionsFor(job).map((a) => h("button", { type: "button", class: a === "cancel" || a === "delete" ? "danger" : null,
    onclick: () => act(a, job.id, report) }, LABELS[a]));
}

export function renderJobs(me, report) {
  const status = document.getElementById("job-status-filter").value;
  const search = document.getElementById("job-search").value.trim().toLowerCase();
  const jobs = [...farm.jobs.values()]
    .filter((j) => !status || j.status === status)
    .filter((j) => !search || j.name.toLowerCase().includes(search) || j.submitted_by.toLowerCase().includes(search))
    .sort((a, b) => b.id - a.id);
  const mayAct = (job) => me.role === "operator" || job.submitted_by === me.name;
  syncRows(document.getElementById("job-rows"), jobs, (j) => j.id,
    (j) => JSON.stringify([j.name, j.status, j.progress, j.frames_done, j.frames_total, j.eta_seconds, j.priority, j.submitted_by, mayAct(j)]),
    (j) => {
      const percent = Math.floor(j.progress * 100);
      return [
        h("th", { scope: "row" }, h("a", { href: `#job/${j.id}` }, j.name)),
        h("td", { class: `status-${j.status}` }, j.status),
        h("td", { class: "progress" }, h("progress", { max: 100, value: percent, "aria-label": `Progress of ${j.name}` }), ` ${percent} %`),
        h("td", { class: "number" }, `${j.frames_done} / ${j.frames_total}`),
        h("td", { class: "number" }, formatEta(j.eta_seconds)),
        h("td", { class: "number" }, String(j.priority)),
        h("td", {}, j.submitted_by),
        h("td", {}, h("div", { class: "actions" }, jobActionButtons(j, me, report))),
      ];
    });
  document.getElementById("no-jobs").hidden = jobs.length > 0;
}
