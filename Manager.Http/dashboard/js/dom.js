// A little DOM building: elements from data with textContent only (never HTML from the API), and table rows kept per
// key so a row that stays keeps its buttons (and the keyboard focus on them) across updates.

/** An element with attributes (on* names become listeners) and children (strings become text). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name in element && name !== "list") element[name] = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/** Makes `tbody` show `items` in order, one row per key: `render(item)` gives the cells, replaced only when `signature(item)` changed. */
export function syncRows(tbody, items, key, signature, render) {
  const existing = new Map([...tbody.rows].map((row) => [row.dataset.key, row]));
  let previous = null;
  for (const item of items) {
    const id = String(key(item));
    const sign = signature(item);
    let row = existing.get(id);
    existing.delete(id);
    if (!row) {
      row = h("tr", { "data-key": id });
      row.dataset.signature = "";
    }
    if (row.dataset.signature !== sign) {
      replaceCells(row, render(item));
      row.dataset.signature = sign;
    }
    const expected = previous ? previous.nextSibling : tbody.firstChild;
    if (row !== expected) tbody.insertBefore(row, expected);
    previous = row;
  }
  for (const row of existing.values()) row.remove();
}

/** Replaces the cells whose content differs, so an unchanged cell (and a focused button in it) stays. */
function replaceCells(row, cells) {
  cells.forEach((cell, i) => {
    const old = row.cells[i];
    if (!old) row.append(cell);
    else if (old.outerHTML !== cell.outerHTML) old.replaceWith(cell);
  });
  while (row.cells.length > cells.length) row.deleteCell(-1);
}
