// The workers page: connection, the operator's switch, activity, the task it renders, and enable/disable (operators).
import { call } from "./api.js";
import { h, syncRows } from "./dom.js";
import { farm } from "./farm.js";

async function setSwitch(workerId, status, report) {
  const worker = farm.workers.get(workerId);
  try {
    await call("PATCH", `/workers/${workerId}`, { status });
  } catch (error) {
    report(`${status === "enabled" ? "Enable" : "Disable"} ${worker?.hostname ?? workerId}: ${error.message}`);
  }
}

export function renderWorkers(me, report) {
  const workers = [...farm.workers.values()].sort((a, b) => a.hostname.localeCompare(b.hostname));
  const operator = me.role === "operator";
  syncRows(document.getElementById("worker-rows"), workers, (w) => w.id,
    (w) => JSON.stringify([w.hostname, w.connection, w.status, w.activity, w.current_task, w.tags, operator]),
    (w) => {
      const enabled = w.status === "enabled";
      return [
        h("th", { scope: "row" }, w.hostname),
        h("td", { class: `status-${w.connection}` }, w.connection),
        h("td", {}, w.status),
        h("td", {}, w.activity ?? "—"),
        h("td", { class: "number" }, w.current_task == null ? "—" : String(w.current_task)),
        h("td", {}, (w.tags ?? []).join(", ") || "—"),
        h("td", {}, operator
          ? h("button", { type: "button", onclick: () => setSwitch(w.id, enabled ? "disabled" : "enabled", report) }, enabled ? "Disable" : "Enable")
          : ""),
      ];
    });
  document.getElementById("no-workers").hidden = workers.length > 0;
}
