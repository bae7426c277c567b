// The tokens page (operators): the active tokens (GET /tokens), creating one (POST /tokens) with its secret shown once,
// and revoking one (DELETE /tokens/{id}, confirmed). Revoking one's own token signs the page out at its next call.
import { call } from "./api.js";
import { confirmAction } from "./dialogs.js";
import { h, syncRows } from "./dom.js";

const byId = (id) => document.getElementById(id);

let tokens = null; // GET /tokens, null until loaded
let stale = true;
let loading = false;
let redraw = () => {};

window.addEventListener("hashchange", () => {
  if (location.hash === "#tokens") stale = true;
  else forgetSecret(); // shown once: leaving the page forgets it
});

async function load(report) {
  loading = true;
  try {
    tokens = await call("GET", "/tokens");
  } catch (error) {
    report(`Cannot list the tokens: ${error.message}`);
  }
  loading = false;
  redraw();
}

function showSecret(created) {
  byId("new-token-name").textContent = `${created.name} (${created.role})`;
  byId("new-token-secret").value = created.token;
  byId("new-token-copied").textContent = "";
  byId("new-token").hidden = false;
  byId("new-token-secret").focus();
  byId("new-token-secret").select();
}

/** Forgets a new token's secret (the page shows it once: until Done, leaving the page, or signing out). */
export function forgetSecret() {
  byId("new-token-secret").value = "";
  byId("new-token-name").textContent = "";
  byId("new-token").hidden = true;
}

async function copySecret() {
  const input = byId("new-token-secret");
  input.focus();
  input.select();
  let copied;
  try {
    await navigator.clipboard.writeText(input.value); // a secure context only (https, localhost)
    copied = true;
  } catch {
    copied = document.execCommand("copy"); // plain http elsewhere: copies the selection
  }
  byId("new-token-copied").textContent = copied ? "Copied to the clipboard." : "Select the token and copy it (Ctrl+C).";
}

async function create(event, report) {
  event.preventDefault();
  const form = event.target;
  const error = byId("token-form-error");
  error.textContent = "";
  try {
    const created = await call("POST", "/tokens", { name: form.elements.name.value, role: form.elements.role.value });
    form.reset();
    showSecret(created);
    stale = true;
  } catch (refusal) {
    const errors = refusal.problem?.errors;
    error.textContent = errors ? Object.entries(errors).map(([field, list]) => `${field}: ${list.join(" ")}`).join(" ") : refusal.message;
  }
  redraw();
}

async function revoke(token, me, report) {
  const own = token.id === me.token_id;
  const question = `Revoke token “${token.name}” (${token.role})? Whatever uses it is refused from its next request.`
    + (own ? " It is the token you are signed in with: you will be signed out." : "");
  if (!(await confirmAction(question, "Revoke token"))) return;
  try {
    await call("DELETE", `/tokens/${token.id}`);
  } catch (error) {
    report(`Revoke “${token.name}”: ${error.message}`);
    return;
  }
  stale = true;
  redraw(); // the list is read again; with one's own token that read is refused and the page signs out
}

let wired = false;

export function renderTokens(me, report) {
  redraw = () => renderTokens(me, report);
  if (!wired) {
    wired = true;
    byId("token-form").addEventListener("submit", (event) => create(event, report));
    byId("new-token-copy").addEventListener("click", copySecret);
    byId("new-token-done").addEventListener("click", () => {
      forgetSecret();
      byId("token-name").focus();
    });
  }
  if (stale && !loading) {
    stale = false;
    load(report);
  }
  if (!tokens) return;
  syncRows(byId("token-rows"), tokens, (t) => t.id,
    (t) => JSON.stringify([t.name, t.role, t.worker_id, t.created_at, t.created_by, t.id === me.token_id]),
    (t) => [
      h("th", { scope: "row" }, t.name, t.id === me.token_id ? h("span", { class: "hint" }, " (you)") : null),
      h("td", {}, t.role),
      h("td", { class: "number" }, t.worker_id == null ? "—" : String(t.worker_id)),
      h("td", {}, h("time", { datetime: t.created_at }, new Date(t.created_at).toLocaleString())),
      h("td", {}, t.created_by),
      h("td", {}, h("button", { type: "button", class: "danger", onclick: () => revoke(t, me, report) },
        "Revoke", h("span", { class: "visually-hidden" }, ` ${t.name}`))),
    ]);
}
