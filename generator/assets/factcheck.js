/* factcheck-site: the "copy embed code" control on claim pages.
 *
 * The embed code is in a read-only textarea that works without JavaScript (select and
 * copy by hand). This script makes its iframe address absolute (a site built without
 * site_url only knows relative links) and shows a button that copies the code. */
(() => {
  "use strict";

  function absolutise(code) {
    const src = new URL(code.getAttribute("data-embed-src"), window.location.href).href;
    // URL serialisation percent-encodes quotes, so the address cannot end the attribute.
    code.value = code.value.replace(/src="[^"]*"/, `src="${src}"`);
  }

  async function copy(text, source) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      source.select();
      document.execCommand("copy");
    }
  }

  function start() {
    for (const code of document.querySelectorAll("textarea[data-embed-src]")) absolutise(code);
    for (const button of document.querySelectorAll("button[data-copy-from]")) {
      const source = document.getElementById(button.getAttribute("data-copy-from"));
      if (!source || button.dataset.fcReady) continue;
      button.dataset.fcReady = "1";
      const status = button.parentElement.querySelector("[role=status]");
      button.hidden = false;
      button.addEventListener("click", async () => {
        await copy(source.value, source);
        if (status) status.textContent = "Copied.";
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => start());
  }
})();
