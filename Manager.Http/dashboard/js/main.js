// The dashboard: sign in with a token, then the pages, kept live by GET /events.
import { ApiError, call, session, token } from "./api.js";
import { openEventStream } from "./event-stream.js";
import { applyChanges, applyWorkers, reload } from "./farm.js";
import { jobPage } from "./job-page.js";
import { renderJobs } from "./jobs.js";
import { renderOverview } from "./overview.js";
import { parseRoute } from "./route.js";
import { renderSettings } from "./settings.js";
import { taskPage } from "./task-page.js";
import { forgetSecret, renderTokens } from "./tokens.js";
import { renderWorkers } from "./workers.js";

const PAGES = ["overview", "jobs", "workers", "settings", "tokens"];
const OPERATOR_PAGES = ["tokens"];
const THING_PAGES = { job: jobPage, task: taskPage }; // #job/{id}, #task/{id}
const REFUSED = "The manager refused this token (revoked?): sign in again.";
const byId = (id) => document.getElementById(id);

let me = null;      // GET /whoami
let stream = null;
let drawing = false;
let reloading = null; // while the lists reload after a resync, the events that arrive wait for it

function currentRoute() {
  const route = parseRoute(location.hash, PAGES, Object.keys(THING_PAGES));
  return OPERATOR_PAGES.includes(route.page) && me?.role !== "operator" ? { page: "overview", id: null } : route;
}

function currentPage() {
  return currentRoute().page;
}

/** Draws the visible page at the next frame (many events in one frame draw once). */
function draw() {
  if (drawing || !me) return;
  drawing = true;
  requestAnimationFrame(() => {
    drawing = false;
    const page = currentPage();
    if (page === "overview") renderOverview();
    if (page === "jobs") renderJobs(me, report);
    if (page === "workers") renderWorkers(me, report);
    if (page === "settings") renderSettings(me);
    if (page === "tokens") renderTokens(me, report);
    THING_PAGES[page]?.render(me, report);
  });
}

function showPage() {
  const { page, id: thingId } = currentRoute();
  for (const id of PAGES) byId(id).hidden = !me || id !== page;
  for (const [name, thing] of Object.entries(THING_PAGES)) {
    thing.section.hidden = !me || name !== page;
    if (me && name === page) thing.open(thingId, draw);
    else thing.close();
  }
  for (const link of document.querySelectorAll("#pages a")) {
    if (link.getAttribute("href") === `#${page}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const name = thingId === null ? page : `${page} ${thingId}`;
  document.title = `${name[0].toUpperCase()}${name.slice(1)} · Render farm`;
  draw();
}

/** Shows an action's refusal (the API's problem details) until the next action. */
function report(message) {
  const banner = byId("action-error");
  banner.textContent = message;
  banner.hidden = false;
}

function connect() {
  stream = openEventStream({
    token: token.get(),
    onOpen: () => { byId("connection-lost").hidden = true; },
    onLost: () => { byId("connection-lost").hidden = false; },
    onUnauthorized: () => signOut(REFUSED),
    onEvent: (name, data) => {
      if (name === "resync") {
        reloading = reload(data.counts).catch(() => { byId("connection-lost").hidden = false; });
        for (const thing of Object.values(THING_PAGES)) thing.resync(draw);
      }
      const apply = () => {
        if (name === "changes") {
          applyChanges(data);
          for (const thing of Object.values(THING_PAGES)) thing.changes(data);
        }
        else if (name === "workers") applyWorkers(data);
        draw();
      };
      if (reloading) reloading = reloading.then(apply);
      else apply();
    },
  });
}

async function signIn(secret) {
  token.set(secret);
  try {
    me = await call("GET", "/whoami");
  } catch (error) {
    token.clear();
    me = null;
    byId("sign-in-error").textContent = error instanceof ApiError && error.status === 401
      ? "This token is not valid (unknown or revoked)." : `Cannot sign in: ${error.message}`;
    return;
  }
  if (me.role !== "operator" && me.role !== "submitter") {
    token.clear();
    byId("sign-in-error").textContent = `A ${me.role} token cannot use the dashboard: sign in with an operator or submitter token.`;
    me = null;
    return;
  }
  byId("sign-in-error").textContent = "";
  byId("sign-in").hidden = true;
  byId("pages").hidden = false;
  byId("identity").hidden = false;
  byId("who").textContent = `${me.name} (${me.role})`;
  for (const item of document.querySelectorAll("#pages [data-role]")) item.hidden = item.dataset.role !== me.role;
  session.onUnauthorized = () => signOut(REFUSED);
  connect();
  showPage();
}

function signOut(why = "") {
  session.onUnauthorized = null;
  forgetSecret();
  stream?.close();
  stream = null;
  me = null;
  token.clear();
  byId("sign-in").hidden = false;
  byId("pages").hidden = true;
  byId("identity").hidden = true;
  byId("connection-lost").hidden = true;
  byId("sign-in-error").textContent = why;
  showPage();
  byId("token").focus();
}

byId("sign-in-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = byId("token");
  signIn(input.value.trim());
  input.value = "";
});
byId("sign-out").addEventListener("click", () => signOut());
byId("job-status-filter").addEventListener("change", draw);
byId("job-search").addEventListener("input", draw);
document.addEventListener("click", (event) => {
  if (event.target instanceof HTMLButtonElement && event.target.closest("td, .actions")) byId("action-error").hidden = true;
}, true);
window.addEventListener("hashchange", showPage);

if (token.get()) signIn(token.get());
else showPage();
