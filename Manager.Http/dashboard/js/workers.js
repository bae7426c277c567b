// The workers page: connection, the operator's switch, activity, the task it renders, tags, blocklisted types, the stats it
// last reported (in a row opened per worker), and the operator's actions: enable/disable, clear blocklist, remove.
import { call } from "./api.js";
import { confirmAction } from "./dialogs.js";
import { h, syncRows } from "./dom.js";
import { farm } from "./farm.js";

/** How often an open stats row asks again (GET /workers/{id}; the worker reports with every poll and heartbeat). */
const STATS_REFRESH_MS = 5000;

/** Workers whose stats row is open: id -> { stats (GET /workers/{id}), error, at, timer }. Only these are fetched. */
const open = new Map();
let redraw = () => {};

// A table of thousands of rows takes the browser a second to lay out again at every change: a page of them at a time.
const WORKERS_PER_PAGE = 500;
let first = 0;
const previousWorkers = h("button", { type: "button", onclick: () => turnPage(-1) }, "Previous workers");
const nextWorkers = h("button", { type: "button", onclick: () => turnPage(1) }, "Next workers");
const workerRange = h("span");
const pager = h("div", { class: "pager", role: "group", "aria-label": "Worker pages" }, previousWorkers, workerRange, nextWorkers);
document.querySelector("#workers table").before(pager);
document.getElementById("worker-search").addEventListener("input", () => { first = 0; redraw(); });

function turnPage(direction) {
  first = Math.max(0, first + direction * WORKERS_PER_PAGE);
  redraw();
}

/** The workers whose host name or a tag contains the search, by host name. */
function matchingWorkers() {
  const query = document.getElementById("worker-search").value.trim().toLowerCase();
  const matches = (w) => !query || w.hostname.toLowerCase().includes(query) || (w.tags ?? []).some((t) => t.toLowerCase().includes(query));
  return [...farm.workers.values()].filter(matches).sort((a, b) => a.hostname.localeCompare(b.hostname));
}

async function fetchStats(workerId) {
  const entry = open.get(workerId);
  if (!entry) return;
  try {
    entry.stats = await call("GET", `/workers/${workerId}`);
    entry.error = null;
  } catch (error) {
    entry.error = error.message;
  }
  entry.at = new Date();
  redraw();
}

function closeStats(workerId) {
  clearInterval(open.get(workerId)?.timer);
  open.delete(workerId);
}

function toggleStats(workerId) {
  if (open.has(workerId)) closeStats(workerId);
  else {
    // Refreshed only while the row is open and the page shown: a farm of 10,000 workers costs what the operator looks at.
    const timer = setInterval(() => {
      if (!document.getElementById("workers").hidden) fetchStats(workerId);
    }, STATS_REFRESH_MS);
    open.set(workerId, { stats: null, error: null, at: null, timer });
    fetchStats(workerId);
  }
  redraw();
}

/** Runs an action's request; a refusal is shown with the worker's name. */
async function act(label, worker, request, report) {
  try {
    await request();
  } catch (error) {
    report(`${label} ${worker.hostname}: ${error.message}`);
  }
}

function setSwitch(worker, status, report) {
  return act(status === "enabled" ? "Enable" : "Disable", worker,
    () => call("PATCH", `/workers/${worker.id}`, { status }), report);
}

function clearBlocklist(worker, report) {
  return act("Clear blocklist of", worker, () => call("DELETE", `/workers/${worker.id}/blocklist`), report);
}

/** Asks first, saying what removal does to the worker as the page knows it now (its button may be older than its task). */
async function remove(workerId, report) {
  const worker = farm.workers.get(workerId);
  if (!worker) return;
  const task = worker.current_task != null ? ` Task ${worker.current_task}, which it holds, goes back to the queue (no failed attempt).` : "";
  const question = `Remove worker “${worker.hostname}”? Its token is revoked and its host name freed: the agent must enroll again.${task}`;
  if (await confirmAction(question, "Remove worker"))
    await act("Remove", worker, () => call("DELETE", `/workers/${worker.id}`), report);
}

const percent = (value) => (value == null ? "—" : `${value.toFixed(1)} %`);

/** The stats row's content: the figures of GET /workers/{id} (null until the worker's first report). */
function statsCell(worker, entry) {
  const frequent = entry.stats?.update_frequent;
  const rare = entry.stats?.update_less_frequent;
  const load = frequent?.load_average;
  const figures = [
    ["CPU", percent(frequent?.worker_cpu_percent)],
    ["Memory", percent(rare?.worker_mem_percent)],
    ["Load average (1, 5, 15 min)", load ? `${load["1min"]} · ${load["5min"]} · ${load["15min"]}` : "—"],
    ["CPUs", rare?.worker_num_cpus == null ? "—" : String(rare.worker_num_cpus)],
    ["Disk", percent(rare?.worker_disk_percent)],
    ["Architecture", rare?.worker_architecture ?? "—"],
  ];
  const when = entry.error ? `Cannot read the stats: ${entry.error}`
    : entry.at ? `Read ${entry.at.toLocaleTimeString()}; refreshed every ${STATS_REFRESH_MS / 1000} s while open.` : "Reading…";
  return h("td", { colspan: 9, class: "stats", id: `stats-${worker.id}` },
    h("dl", { "aria-label": `Stats of ${worker.hostname}` }, figures.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)])),
    h("p", { class: entry.error ? "error" : "hint" }, when));
}

export function renderWorkers(me, report) {
  redraw = () => renderWorkers(me, report);
  const matching = matchingWorkers();
  first = Math.min(first, Math.floor(Math.max(0, matching.length - 1) / WORKERS_PER_PAGE) * WORKERS_PER_PAGE);
  const workers = matching.slice(first, first + WORKERS_PER_PAGE);
  pager.hidden = matching.length <= WORKERS_PER_PAGE;
  previousWorkers.disabled = first === 0;
  nextWorkers.disabled = first + workers.length >= matching.length;
  workerRange.textContent = ` Workers ${first + 1}–${first + workers.length} of ${matching.length.toLocaleString("en")} `;
  const shown = new Set(workers.map((w) => w.id));
  for (const id of [...open.keys()]) if (!shown.has(id)) closeStats(id); // only the rows on the page are read
  const operator = me.role === "operator";
  const rows = workers.flatMap((w) => (open.has(w.id) ? [w, { statsOf: w }] : [w]));
  syncRows(document.getElementById("worker-rows"), rows, (r) => (r.statsOf ? `stats-${r.statsOf.id}` : r.id),
    (r) => (r.statsOf
      ? JSON.stringify([open.get(r.statsOf.id), r.statsOf.hostname])
      : JSON.stringify([r.hostname, r.connection, r.status, r.activity, r.current_task, r.tags, r.blocklisted_types, open.has(r.id), operator])),
    (r) => {
      if (r.statsOf) return [statsCell(r.statsOf, open.get(r.statsOf.id))];
      const w = r;
      const enabled = w.status === "enabled";
      const blocklisted = w.blocklisted_types ?? [];
      const actions = operator
        ? [
            h("button", { type: "button", onclick: () => setSwitch(w, enabled ? "disabled" : "enabled", report) }, enabled ? "Disable" : "Enable"),
            blocklisted.length > 0 ? h("button", { type: "button", onclick: () => clearBlocklist(w, report) }, "Clear blocklist") : null,
            h("button", { type: "button", class: "danger", onclick: () => remove(w.id, report) }, "Remove"),
          ]
        : [];
      return [
        h("th", { scope: "row" }, w.hostname),
        h("td", { class: `status-${w.connection}` }, w.connection),
        h("td", {}, w.status),
        h("td", {}, w.activity ?? "—"),
        h("td", { class: "number" }, w.current_task == null ? "—" : h("a", { href: `#task/${w.current_task}` }, `task ${w.current_task}`)),
        h("td", {}, (w.tags ?? []).join(", ") || "—"),
        h("td", {}, blocklisted.join(", ") || "—"),
        h("td", {}, h("button", { type: "button", "aria-expanded": String(open.has(w.id)), "aria-controls": open.has(w.id) ? `stats-${w.id}` : null,
          onclick: () => toggleStats(w.id) }, "Stats", h("span", { class: "visually-hidden" }, ` of ${w.hostname}`))),
        h("td", {}, h("div", { class: "actions" }, actions)),
      ];
    });
  const none = document.getElementById("no-workers");
  none.hidden = workers.length > 0;
  none.textContent = farm.workers.size > 0 ? "No worker matches the search." : "No workers registered.";
}
