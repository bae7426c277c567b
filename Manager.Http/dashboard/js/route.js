// Which page a location hash names: a plain page (#jobs) or a page of one thing (#job/12, #task/7).

/** `{ page, id }` for `hash`: a known plain page with id null, a known page of one thing with its id, else the overview. */
export function parseRoute(hash, plainPages, thingPages) {
  const [page, id, ...rest] = hash.replace(/^#/, "").split("/");
  if (thingPages.includes(page) && rest.length === 0 && /^[1-9]\d{0,15}$/.test(id ?? "")) return { page, id: Number(id) };
  if (plainPages.includes(page) && id === undefined) return { page, id: null };
  return { page: "overview", id: null };
}
