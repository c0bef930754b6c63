// The reviewer's name: typed once, kept in this browser (localStorage), sent with every form.
(function () {
  var box = document.getElementById("who");
  if (!box) { return; }
  var saved = "";
  try { saved = window.localStorage.getItem("pk-review-who") || ""; } catch (e) { saved = ""; }
  if (saved) { box.value = saved; }
  function remember() {
    try { window.localStorage.setItem("pk-review-who", box.value.trim()); } catch (e) { /* private mode */ }
  }
  box.addEventListener("change", remember);
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var who = box.value.trim() || box.getAttribute("data-default") || "";
      if (!who) {
        event.preventDefault();
        box.focus();
        box.setAttribute("placeholder", "type your name first");
        return;
      }
      remember();
      form.querySelectorAll("input[name=who]").forEach(function (field) { field.value = who; });
    });
  });
  // Type to filter the list: rows that contain the text stay.
  var filter = document.getElementById("filter");
  if (filter) {
    var rows = document.getElementById(filter.getAttribute("data-table")).tBodies[0].rows;
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      Array.prototype.forEach.call(rows, function (r) {
        r.style.display = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) ? "" : "none";
      });
    });
  }
}());
