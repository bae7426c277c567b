// The manager's public HTTP API, called with the signed-in token (kept in sessionStorage: gone when the tab closes).
const TOKEN_KEY = "manager-token";

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** What to do when the token is refused (401: revoked or unknown), set by the page once signed in. */
export const session = { onUnauthorized: null };

/** An answer that was not 2xx: its status and the problem details' text. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Sends one request; answers the parsed JSON body (null for an empty one) or throws an ApiError. */
export async function call(method, path, body) {
  const headers = { Authorization: `Bearer ${token.get()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401) session.onUnauthorized?.();
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** Every item of a paged list (after/limit), in id order. */
export async function all(path) {
  const items = [];
  let after = 0;
  for (;;) {
    const separator = path.includes("?") ? "&" : "?";
    const page = await call("GET", `${path}${separator}after=${after}&limit=1000`);
    items.push(...page);
    if (page.length < 1000) return items;
    after = page[page.length - 1].id;
  }
}
