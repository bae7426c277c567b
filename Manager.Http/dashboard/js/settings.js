// The settings page: every setting of GET /settings with its value; an operator changes one with PATCH /settings/{name},
// and the API's validation message shows by the field. A submitter reads them (as the API lets it) without the forms.
import { ApiError, call } from "./api.js";
import { h } from "./dom.js";

/** What the page knows of each setting (docs/api.md, "Settings"): the bounds only shape the input; the API judges the value. */
const KNOWN = {
  worker_timeout_seconds: { min: 1, max: 86400, meaning: "Silence (seconds) after which a worker is offline and its task requeued." },
  task_max_attempts: { min: 1, max: 100, meaning: "Failed attempts before a task is failed." },
  blocklist_threshold: { min: 1, max: 100, meaning: "Failures of one task type after which a worker gets no more of that type." },
  default_priority: { min: -2147483648, max: 2147483647, meaning: "The priority of a task submitted without one." },
  blender_path: { platforms: ["Linux", "Darwin", "Windows"], meaning: "The program a worker runs instead of blender on that platform (empty: blender)." },
  job_fail_percent: { min: 0, max: 100, meaning: "A job fails once its failed tasks reach this share (%) of its tasks; 0: at the first." },
};

let values = null;        // GET /settings, null until loaded
let stale = true;         // load again when the page is next drawn
let loading = false;
const messages = new Map(); // name -> { error } or { saved } from the last save of that setting
let redraw = () => {};

window.addEventListener("hashchange", () => {
  if (location.hash !== "#settings") return;
  stale = true;
  messages.clear();
});

async function load() {
  loading = true;
  try {
    values = await call("GET", "/settings");
  } catch (error) {
    values = values ?? {};
    document.getElementById("settings-note").textContent = `Cannot read the settings: ${error.message}`;
  }
  loading = false;
  redraw();
}

/** The field's messages from a problem (errors by field), or its detail. */
function problemText(error) {
  const errors = error instanceof ApiError ? error.problem?.errors : null;
  if (errors) return Object.values(errors).flat().join(" ");
  return error.message;
}

async function save(name, value) {
  try {
    const answer = await call("PATCH", `/settings/${name}`, { value });
    messages.set(name, { saved: `Saved: ${JSON.stringify(answer.value)}.` });
    stale = true; // read them all again: what the manager holds now
  } catch (error) {
    messages.set(name, { error: problemText(error) });
  }
  showMessage(name);
  redraw();
}

/** The outcome of the setting's last save, by its field (in place: what the operator typed stays). */
function showMessage(name) {
  const message = messages.get(name);
  const element = document.getElementById(`setting-${name}-message`);
  if (!message || !element) return;
  element.textContent = message.error ?? message.saved;
  element.className = message.error ? "error" : "saved";
  for (const input of element.closest("form").querySelectorAll("input")) {
    if (message.error) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}

/** What the form's inputs say, as the JSON value to send (numbers as typed: the API refuses what is not a whole number). */
function valueOf(name, form) {
  const known = KNOWN[name];
  if (known?.platforms) {
    const paths = {};
    for (const platform of known.platforms) {
      const path = form.elements[platform].value;
      if (path.trim() !== "") paths[platform] = path;
    }
    return paths;
  }
  const text = form.elements.value.value.trim();
  if (known) return text === "" || Number.isNaN(Number(text)) ? text : Number(text);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function inputsFor(name, value, described) {
  const known = KNOWN[name];
  if (known?.platforms)
    return known.platforms.flatMap((platform) => [
      h("label", { for: `setting-${name}-${platform}` }, platform),
      h("input", { id: `setting-${name}-${platform}`, name: platform, value: value?.[platform] ?? "", size: 30,
        "aria-describedby": described }),
    ]);
  return [
    h("label", { for: `setting-${name}`, class: "visually-hidden" }, name),
    h("input", known
      ? { id: `setting-${name}`, name: "value", type: "number", step: 1, min: known.min, max: known.max, value: String(value),
          "aria-describedby": described }
      : { id: `setting-${name}`, name: "value", value: JSON.stringify(value), "aria-describedby": described }),
  ];
}

function settingForm(name, value, operator) {
  const hintId = `setting-${name}-hint`;
  const messageId = `setting-${name}-message`;
  const heading = h("h2", { id: `setting-${name}-title` }, name);
  const hint = h("p", { id: hintId, class: "hint" }, KNOWN[name]?.meaning ?? "");
  if (!operator)
    return h("section", { class: "setting", "aria-labelledby": heading.id }, heading,
      h("p", { "data-value": name }, JSON.stringify(value)), hint);
  const form = h("form", { novalidate: true, "data-setting": name },
    h("div", { class: "row" }, inputsFor(name, value, `${messageId} ${hintId}`), h("button", { type: "submit" }, `Save ${name}`)),
    h("p", { id: messageId, role: "status" }),
    hint);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(name, valueOf(name, form));
  });
  return h("section", { class: "setting", "aria-labelledby": heading.id }, heading, form);
}

export function renderSettings(me) {
  const operator = me.role === "operator";
  redraw = () => renderSettings(me);
  if (stale && !loading) {
    stale = false;
    load();
  }
  if (!values) return;
  const signature = JSON.stringify([values, operator]);
  const list = document.getElementById("settings-list");
  if (list.dataset.signature === signature) return; // redrawn only when the values changed: typing is not undone
  list.dataset.signature = signature;
  document.getElementById("settings-note").textContent = operator
    ? "Changes apply at once to the whole farm. The manager checks each value and says what is wrong."
    : "Read only: operators change the settings.";
  const focused = document.activeElement?.id;
  list.replaceChildren(...Object.entries(values).map(([name, value]) => settingForm(name, value, operator)));
  for (const name of messages.keys()) showMessage(name);
  if (focused) document.getElementById(focused)?.focus();
}
