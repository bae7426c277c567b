// Modal questions with the native <dialog> (focus is kept inside it; Escape cancels).

function ask(dialog) {
  return new Promise((resolve) => {
    dialog.returnValue = "";
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    dialog.showModal();
  });
}

/** Asks before a destructive action; true when confirmed. */
export function confirmAction(text, confirmLabel) {
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-yes").textContent = confirmLabel;
  return ask(document.getElementById("confirm"));
}

/** Asks for a new priority; the number, or null when canceled. */
export async function askPriority(current) {
  const input = document.getElementById("priority-value");
  input.value = String(current);
  if (!(await ask(document.getElementById("priority")))) return null;
  const value = Number(input.value);
  return Number.isInteger(value) ? value : null;
}
