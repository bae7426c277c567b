// What the dashboard knows of the farm: loaded from the API at a resync, kept current by the event stream's batches.
import { all, call } from "./api.js";

export const farm = {
  jobs: new Map(),      // id -> job view (GET /jobs)
  workers: new Map(),   // id -> worker object (GET /workers), current_task kept from the task events
  counts: null,         // { tasks: {status: n}, jobs: {status: n}, completions_per_minute } from the stream
};

/** Reloads the lists (at a resync: the stream cannot say what changed meanwhile). */
export async function reload(counts) {
  const [jobs, workers] = await Promise.all([all("/jobs"), call("GET", "/workers")]);
  farm.jobs = new Map(jobs.map((j) => [j.id, j]));
  farm.workers = new Map(Object.values(workers).map((w) => [w.id, w]));
  holders.clear();
  for (const w of farm.workers.values()) if (w.current_task != null) holders.set(w.current_task, w.id);
  if (counts) farm.counts = counts;
}

/** Task id -> the id of the worker shown rendering it: a batch costs its own size, not its size × the workers. */
const holders = new Map();

/** Shows <taskId> rendering on <workerId> (undefined: on no worker), and no other worker holding it. */
function setHolder(taskId, workerId) {
  const before = holders.get(taskId);
  if (before === workerId) return;
  if (before !== undefined) {
    const previous = farm.workers.get(before);
    if (previous?.current_task === taskId) previous.current_task = null;
    holders.delete(taskId);
  }
  const worker = workerId === undefined ? undefined : farm.workers.get(workerId);
  if (!worker) return;
  if (worker.current_task != null) holders.delete(worker.current_task);
  worker.current_task = taskId;
  holders.set(taskId, workerId);
}

/** Applies a `changes` event: tasks (who renders what), workers' blocklists, jobs, removals and the counts after them. */
export function applyChanges(change) {
  for (const task of change.tasks) setHolder(task.id, task.status === "rendering" ? task.worker_id : undefined);
  for (const id of change.removed_tasks) setHolder(id, undefined);
  for (const blocklist of change.blocklists) {
    const worker = farm.workers.get(blocklist.worker_id);
    if (worker) worker.blocklisted_types = blocklist.blocklisted_types;
  }
  for (const job of change.jobs) farm.jobs.set(job.id, job);
  for (const id of change.removed_jobs) farm.jobs.delete(id);
  farm.counts = change.counts;
}

/** Applies a `workers` event: the fields a worker event carries replace those the dashboard had. */
export function applyWorkers(change) {
  for (const worker of change.workers) farm.workers.set(worker.id, { ...farm.workers.get(worker.id), ...worker });
  for (const id of change.removed_workers) farm.workers.delete(id);
}

/** online/offline, and of the online ones idle or busy (holding a task). */
export function workerCounts() {
  const counts = { online: 0, idle: 0, busy: 0, offline: 0, disabled: 0 };
  for (const w of farm.workers.values()) {
    if (w.connection !== "online") { counts.offline++; continue; }
    counts.online++;
    if (w.current_task != null) counts.busy++;
    else counts.idle++;
    if (w.status === "disabled") counts.disabled++;
  }
  return counts;
}
