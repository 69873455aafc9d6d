// GOV.UK Frontend's components start only where ES modules work (an external file, as the
// Content-Security-Policy allows no inline script).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
