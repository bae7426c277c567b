// A task's actions (PATCH /tasks/{id}, docs/api.md "The task life cycle"): what each status allows, and carrying one out.
import { call } from "./api.js";
import { askPriority, confirmAction } from "./dialogs.js";
import { h } from "./dom.js";

/** The status changes a submitter (its own tasks) or an operator may ask for, by the task's status; priority always. */
export function taskActionsFor(status) {
  const changes = {
    queued: ["pause", "cancel"],
    rendering: ["requeue", "pause", "cancel"],
    paused: ["resume", "cancel"],
    completed: ["render again"], failed: ["render again"], canceled: ["render again"],
  };
  return [...(changes[status] ?? []), "priority"];
}

const LABELS = { pause: "Pause", resume: "Resume", requeue: "Requeue", cancel: "Cancel", "render again": "Render again",
  priority: "Priority…" };
const STATUS = { pause: "paused", resume: "queued", requeue: "queued", cancel: "canceled", "render again": "queued" };

async function act(action, task, report, done) {
  try {
    if (action === "priority") {
      const priority = await askPriority(task.priority);
      if (priority === null) return;
      await call("PATCH", `/tasks/${task.id}`, { priority });
    } else {
      if (action === "cancel" && !(await confirmAction(`Cancel task ${task.id}? A worker rendering it stops.`, "Cancel task"))) return;
      await call("PATCH", `/tasks/${task.id}`, { status: STATUS[action] });
    }
    done();
  } catch (error) {
    report(`${LABELS[action]} task ${task.id}: ${error.message}`);
  }
}

/** The buttons `me` may use on `task` (none on another's task for a submitter); `done` runs after an accepted change. */
export function taskActionButtons(task, me, report, done) {
  if (me.role !== "operator" && task.submitted_by !== me.name) return [];
  return taskActionsFor(task.status).map((a) => h("button", { type: "button", class: a === "cancel" ? "danger" : null,
    onclick: () => act(a, task, report, done) }, LABELS[a]));
}
