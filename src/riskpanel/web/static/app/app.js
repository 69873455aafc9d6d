// Start GOV.UK Frontend when it is vendored (scripts/assets.sh); pages work without it.
try {
  const { initAll } = await import("/static/vendor/govuk/govuk-frontend.min.js");
  initAll();
} catch (error) {
  // No vendored assets: plain HTML forms still do everything.
}

// After htmx swaps part of a page, move focus to the new content's heading so screen
// reader and keyboard users know what changed.
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail && event.detail.target;
  if (!target) return;
  const focusable = target.querySelector("[data-focus-after-swap]") || target;
  if (!focusable.hasAttribute("tabindex")) focusable.setAttribute("tabindex", "-1");
  focusable.focus();
});
