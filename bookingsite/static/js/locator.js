/* Locator enhancements: an ARIA 1.2 combobox over the plain search field (fed by GET /api/v1/communes) and a
   "use my position" button. Without JavaScript the form works as it is; nothing here is needed to search. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function setupCombobox(wrapper) {
    var input = wrapper.querySelector("input[type=search]");
    if (!input) { return; }
    var listId = input.id + "-listbox";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", wrapper.dataset.labelList || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(list);
    wrapper.parentNode.insertBefore(status, wrapper.nextSibling);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var lastQuery = "";
    var controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(li) {
      input.value = li.dataset.value;
      close();
      input.focus();
    }

    function announce(count) {
      var text = count === 0 ? wrapper.dataset.msgNone
        : count === 1 ? wrapper.dataset.msgOne : (wrapper.dataset.msgMany || "").replace("{n}", count);
      status.textContent = text || "";
    }

    function render(communes) {
      list.textContent = "";
      options = communes.map(function (c, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.value = c.postcode + " " + c.name;
        li.textContent = c.name + " (" + c.postcode + ")";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { choose(li); });
        list.appendChild(li);
        return li;
      });
      active = -1;
      announce(options.length);
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    var fetchSuggestions = debounce(function (query) {
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var url = wrapper.dataset.source + "?limit=8&q=" + encodeURIComponent(query);
      fetch(url, {headers: {"Accept": "application/json"}, signal: controller ? controller.signal : undefined})
        .then(function (r) { return r.ok ? r.json() : {communes: []}; })
        .then(function (body) { if (query === lastQuery) { render(body.communes || []); } })
        .catch(function () { /* offline or aborted: the plain form still works */ });
    }, 150);

    input.addEventListener("input", function () {
      var query = input.value.trim();
      lastQuery = query;
      if (query.length < 2) { close(); list.textContent = ""; options = []; return; }
      fetchSuggestions(query);
    });

    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "Down") {
        if (!options.length) { return; }
        e.preventDefault();
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(active + 1 >= options.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp" || e.key === "Up") {
        if (!options.length) { return; }
        e.preventDefault();
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
        e.preventDefault();
        choose(options[active]);
      } else if (e.key === "Escape" || e.key === "Esc") {
        if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ""; }
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function setupGeolocation(button) {
    var status = document.getElementById("locate-status");
    if (!("geolocation" in navigator)) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.dataset.msgWait;
      navigator.geolocation.getCurrentPosition(function (position) {
        var form = button.form;
        var params = new URLSearchParams();
        // Three decimals (about 100 m) are enough to find the nearest sites, and say less about the person.
        params.set("lat", position.coords.latitude.toFixed(3));
        params.set("lon", position.coords.longitude.toFixed(3));
        form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) { params.set(box.name, box.value); });
        var modality = form.querySelector("select[name=modality]");
        if (modality && modality.value) { params.set("modality", modality.value); }
        window.location.href = button.dataset.url + "?" + params.toString();
      }, function () {
        status.textContent = button.dataset.msgDenied;
      }, {timeout: 10000, maximumAge: 600000});
    });
  }

  document.querySelectorAll("[data-combobox]").forEach(setupCombobox);
  var locate = document.getElementById("locate-me");
  if (locate) { setupGeolocation(locate); }
}());
