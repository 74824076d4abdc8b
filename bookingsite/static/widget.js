/* Partner widget: <script src="https://SITE/widget.js" data-partner="WIDGET_ID" data-postcode="75011" data-lang="fr"
   async></script> inserts the booking flow in an iframe right after the script (or into the element whose id is
   data-target), resizes it when the flow's page says so, and tells the page when a booking is confirmed:
   a "bookingsite:bookingConfirmed" CustomEvent (detail: {reference}) bubbling from the iframe up to the document,
   and window[data-on-confirmed](detail) when that attribute names a function. No dependency, no global, and no
   request before the iframe's own. data-partner is the partner's publishable widget id, never its API key. */
(function () {
  "use strict";
  var script = document.currentScript;
  var data = script && script.dataset;
  if (!data || !data.partner) return;
  var origin = new URL(script.src).origin;
  var lang = data.lang === "en" ? "en" : "fr";
  var query = new URLSearchParams({ partner: data.partner, lang: lang, origin: location.origin });
  if (data.postcode) query.set("postcode", data.postcode);
  var frame = document.createElement("iframe");
  frame.src = origin + "/embed/?" + query;
  frame.title = lang === "en" ? "Book an appointment with a career advice service (CEP)"
    : "Prendre rendez-vous avec un conseil en \u00e9volution professionnelle (CEP)";
  frame.style.width = "100%";
  frame.style.height = "40rem";
  frame.style.border = "0";

  var parent = script.parentNode;
  var inBody = parent && parent !== document.head;
  function place() {
    var target = data.target && document.getElementById(data.target);
    if (target) target.appendChild(frame);
    else if (inBody) parent.insertBefore(frame, script.nextSibling);
    else document.body.appendChild(frame);
  }
  // A target further down the page, or a script in <head>, may run before the body exists.
  if (document.readyState === "loading" && (data.target || !inBody)) {
    document.addEventListener("DOMContentLoaded", place);
  } else place();

  window.addEventListener("message", function (event) {
    // Only the frame we inserted, served from the site that served this script, may talk to us.
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var message = event.data || {};
    if (message.type === "bookingsite:resize") {
      var height = Math.ceil(Number(message.height));
      if (height > 0 && height < 20000) frame.style.height = height + "px";
    } else if (message.type === "bookingsite:bookingConfirmed" && typeof message.reference === "string") {
      var detail = { reference: message.reference };
      frame.dispatchEvent(new CustomEvent("bookingsite:bookingConfirmed", { detail: detail, bubbles: true }));
      var callback = data.onConfirmed && window[data.onConfirmed];
      if (typeof callback === "function") callback(detail);
    }
  });
})();
