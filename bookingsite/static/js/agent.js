// Agent desk: put the keyboard focus where the agent types next (the pages work the same without it).
(function () {
  "use strict";
  var form = document.querySelector("form[data-focus]");
  var target = form ? document.getElementById(form.getAttribute("data-focus")) : null;
  target = target || document.querySelector("[data-autofocus]");
  if (target && !document.querySelector(".error-summary")) {
    target.focus();
  } else if (document.querySelector(".error-summary")) {
    document.querySelector(".error-summary").focus();
  }
})();
