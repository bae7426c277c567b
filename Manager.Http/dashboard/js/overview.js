// The overview page: workers by state, jobs and tasks by status, and the tasks completed in the last minute.
import { h } from "./dom.js";
import { farm, workerCounts } from "./farm.js";

function fill(list, entries) {
  list.replaceChildren(...entries.flatMap(([name, value]) => [h("dt", {}, name), h("dd", { "data-count": name }, String(value))]));
}

export function renderOverview() {
  const workers = workerCounts();
  fill(document.getElementById("workers-summary"),
    [["online", workers.online], ["idle", workers.idle], ["busy", workers.busy], ["offline", workers.offline], ["disabled", workers.disabled]]);
  fill(document.getElementById("jobs-summary"), Object.entries(farm.counts?.jobs ?? {}));
  fill(document.getElementById("tasks-summary"), Object.entries(farm.counts?.tasks ?? {}));
  // Counted by the dispatcher over the last minute (GET /events' counts), so right as soon as the page has its first event.
  fill(document.getElementById("throughput-summary"),
    [["completions per minute", farm.counts?.completions_per_minute ?? "—"]]);
}
