// Data tables reflow into one block per row on narrow screens (WCAG 1.4.10: 320 CSS pixels,
// i.e. 1280 at 400 % zoom), instead of scrolling sideways. Each cell is labelled with its
// column's header (data-label, printed by site.css before the value), and explicit ARIA
// roles keep the table a table for screen readers when CSS displays its parts as blocks.
// Grids whose meaning is two-dimensional (meeting slots × tables, candidates × employers)
// keep scrolling inside their frame, as WCAG allows: they carry one of SKIP's classes or
// data-reflow="off". Without JavaScript every table scrolls inside its .table-wrap.
(function () {
  "use strict";

  var SKIP = ".meeting-grid, .wish-matrix__table, [data-reflow='off']";

  function headerTexts(table) {
    var texts = [];
    table.querySelectorAll("thead tr:last-child > *").forEach(function (cell) {
      var text = cell.textContent.replace(/\s+/g, " ").trim();
      for (var i = 0; i < (cell.colSpan || 1); i += 1) {
        texts.push(text);
      }
    });
    return texts;
  }

  function reflow(table) {
    var headers = headerTexts(table);
    if (!headers.length) {
      return;
    }
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) {
      group.setAttribute("role", "rowgroup");
    });
    table.querySelectorAll("tr").forEach(function (row) {
      var inHead = Boolean(row.closest("thead"));
      var column = 0;
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.children, function (cell) {
        if (inHead) {
          cell.setAttribute("role", "columnheader");
        } else {
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          if (headers[column] && column > 0) {
            cell.setAttribute("data-label", headers[column]);
          }
        }
        column += cell.colSpan || 1;
      });
    });
    table.classList.add("table--reflow");
  }

  document.querySelectorAll("table.table").forEach(function (table) {
    if (!table.matches(SKIP)) {
      reflow(table);
    }
  });
})();
