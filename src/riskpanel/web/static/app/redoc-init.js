// Starts ReDoc on /redoc (a static file: the docs pages' CSP refuses inline script).
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  Redoc.init(
    root.getAttribute("data-openapi-url"),
    {
      // Search runs in a blob: worker, which the docs pages' CSP refuses: it stays off.
      disableSearch: true,
      expandResponses: "200,201",
      // ReDoc's <style> elements carry the nonce this response's CSP allows.
      nonce: root.getAttribute("data-style-nonce")
    },
    root
  );
})();
