/* The portfolio page's heat tables, enhanced in a browser: each column heading becomes a
   button that sorts the sites by it (within their groups), and a search box shows only the
   sites whose name contains what is typed. Without scripts (and in print) the tables read in
   their printed order; nothing here fetches anything. */
(function () {
  "use strict";

  function sortKey(cell) {
    var text = cell ? cell.textContent.trim() : "";
    var number = parseFloat(text.replace("\u2212", "-"));
    return isNaN(number) ? { blank: text === "" || text.charAt(0) === "\u2013", text: text.toLowerCase() } : { number: number };
  }

  function compareKeys(a, b, descending) {
    var sign = descending ? -1 : 1;
    if ("number" in a && "number" in b) return sign * (a.number - b.number);
    if ("number" in a) return -1;  /* scores before dashes, whichever way */
    if ("number" in b) return 1;
    if (a.blank !== b.blank) return a.blank ? 1 : -1;
    return sign * a.text.localeCompare(b.text);
  }

  /* The runs of site rows between group headings, each sorted on its own. */
  function groupsOf(body) {
    var groups = [[]];
    Array.prototype.forEach.call(body.rows, function (row) {
      if (row.classList.contains("group-row")) groups.push([row]);
      else groups[groups.length - 1].push(row);
    });
    return groups;
  }

  function sortBy(table, column, descending) {
    var body = table.tBodies[0];
    groupsOf(body).forEach(function (group) {
      var heading = group[0] && group[0].classList.contains("group-row") ? group.shift() : null;
      group.sort(function (a, b) {
        return compareKeys(sortKey(a.cells[column]), sortKey(b.cells[column]), descending);
      });
      if (heading) body.appendChild(heading);
      group.forEach(function (row) { body.appendChild(row); });
    });
  }

  function addSorting(table) {
    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(headings, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        sortBy(table, column, descending);
      });
    });
  }

  function addFilter(table, index) {
    var box = document.createElement("p");
    box.className = "filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "site-filter-" + index;
    label.htmlFor = input.id;
    label.textContent = "Show only sites whose name contains ";
    box.appendChild(label);
    box.appendChild(input);
    var region = table.closest(".table-wrap") || table;
    region.parentNode.insertBefore(box, region);
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        if (row.classList.contains("group-row")) return;
        var name = row.querySelector(".site-name");
        row.hidden = wanted !== "" && !(name && name.textContent.toLowerCase().indexOf(wanted) >= 0);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.heatmap"), function (table, index) {
    addSorting(table);
    addFilter(table, index);
  });
})();
