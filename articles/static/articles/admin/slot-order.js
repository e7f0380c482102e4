// The order of a front's slots: drag a row, or use its Up and Down
// buttons; the `position` fields are numbered again from the rows' order.
// A file of its own, not an inline script: the admin runs under a CSP.
"use strict";

(function () {
  function rows(group) {
    return Array.from(group.querySelectorAll("tbody tr.form-row:not(.empty-form)"));
  }

  function inUse(row) {
    // Empty extra rows keep their position, so Django still sees them as
    // unchanged and skips them.
    const filled = ["-id", "-article", "-target", "-rule"].some((suffix) => {
      const input = row.querySelector(`[name$="${suffix}"]`);
      return input && input.value;
    });
    return filled;
  }

  function renumber(group) {
    let position = 0;
    for (const row of rows(group)) {
      const input = row.querySelector('input[name$="-position"]');
      if (input && inUse(row)) {
        input.value = String(position);
        position += 1;
      }
    }
  }

  function button(label, direction) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "slot-move";
    element.dataset.direction = direction;
    element.textContent = label;
    return element;
  }

  function prepare(row) {
    if (row.dataset.slotOrder) return;
    row.dataset.slotOrder = "1";
    const cell = row.querySelector("td.field-position");
    if (cell) {
      // Dragged by its handle: inputs in the row keep their own mouse use.
      const handle = document.createElement("span");
      handle.className = "slot-handle";
      handle.draggable = true;
      handle.title = "Drag to move this slot";
      handle.textContent = "\u2195";
      cell.prepend(handle);
      const up = button("Up", "up");
      const down = button("Down", "down");
      up.setAttribute("aria-label", "Move this slot up");
      down.setAttribute("aria-label", "Move this slot down");
      cell.append(up, down);
    }
  }

  // A tabular row has no label per cell (Django gives the inputs a title
  // only): each control, and each autocomplete Select2 draws, takes its
  // column's heading and the row's number as its name.
  const CONTROLS = [
    "input:not([type=hidden])",
    "select",
    "textarea",
    ".select2-selection",
    ".select2-selection__rendered[role=textbox]",
  ].join(", ");

  function nameControls(group) {
    const headings = Array.from(group.querySelectorAll("thead th"));
    rows(group).forEach((row, index) => {
      row.querySelectorAll("td").forEach((cell, column) => {
        const heading = headings[column];
        if (!heading) return;
        const text = `${heading.textContent.trim()}, slot ${index + 1}`;
        cell.querySelectorAll(CONTROLS).forEach((control) => {
          if (control.getAttribute("aria-label") !== text) {
            control.setAttribute("aria-label", text);
          }
        });
      });
    });
  }

  function setUp(group) {
    rows(group).forEach(prepare);
    let dragged = null;

    group.addEventListener("click", (event) => {
      const target = event.target.closest("button.slot-move");
      if (!target) return;
      const row = target.closest("tr");
      if (target.dataset.direction === "up" && row.previousElementSibling) {
        row.parentNode.insertBefore(row, row.previousElementSibling);
      } else if (target.dataset.direction === "down" && row.nextElementSibling
                 && !row.nextElementSibling.classList.contains("empty-form")) {
        row.parentNode.insertBefore(row.nextElementSibling, row);
      }
      renumber(group);
      target.focus();
    });
    group.addEventListener("dragstart", (event) => {
      if (!event.target.closest(".slot-handle")) return;
      dragged = event.target.closest("tr.form-row");
      if (dragged) {
        dragged.classList.add("slot-dragging");
        event.dataTransfer.effectAllowed = "move";
      }
    });
    group.addEventListener("dragover", (event) => {
      const over = event.target.closest("tr.form-row");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      const box = over.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
    });
    group.addEventListener("dragend", () => {
      if (dragged) dragged.classList.remove("slot-dragging");
      dragged = null;
      renumber(group);
    });
    group.addEventListener("change", () => renumber(group));
    document.addEventListener("formset:added", (event) => {
      if (group.contains(event.target)) prepare(event.target);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".front-slots").forEach((group) => {
      setUp(group);
      nameControls(group);
      new MutationObserver(() => nameControls(group)).observe(group, {
        childList: true,
        subtree: true,
      });
    });
  });
})();
