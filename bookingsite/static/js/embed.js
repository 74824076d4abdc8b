/* Inside the widget's frame: tell the partner page (and only it: the origin the server checked against the
   partner's list) how tall the content is, and that a booking was confirmed (its reference, nothing personal). */
(function () {
  "use strict";
  var context = document.getElementById("embed-context");
  var target = context && context.getAttribute("data-parent-origin");
  if (!target || window.parent === window) return;
  var last = 0;

  function send(message) {
    window.parent.postMessage(message, target);
  }

  function resize() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      send({ type: "bookingsite:resize", height: height });
    }
  }

  if (window.ResizeObserver) new ResizeObserver(resize).observe(document.documentElement);
  window.addEventListener("load", resize);
  resize();
  var reference = context.getAttribute("data-booking-reference");
  if (reference) send({ type: "bookingsite:bookingConfirmed", reference: reference });
})();
