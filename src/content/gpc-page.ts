/**
 * Global Privacy Control for pages: `navigator.globalPrivacyControl === true`.
 *
 * Registered at runtime by background/gpc.ts (chrome.scripting, so the per-site exceptions can
 * change its excludeMatches) to run in the page's MAIN world at document_start in every frame,
 * before any page script. vite.config.ts copies it to src/content/gpc-page.js with its types
 * stripped and nothing else: no imports, no bundler output format.
 *
 * It runs as a classic script in the page's own global scope, so everything stays inside the arrow
 * function: a top-level `const` would become a global of the page (and could clash with the page's).
 */
(() => {
  // A browser with GPC switched on (Firefox, Brave) already says so: leave its own property alone.
  if ((navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true) return;
  // Shaped like a WebIDL attribute in browsers that implement GPC: an accessor on the prototype
  // (not an own property of `navigator`), configurable, named "get globalPrivacyControl", no setter.
  // This replaces Firefox's native getter too, which answers false unless its GPC pref is on.
  const { get } = Object.getOwnPropertyDescriptor(
    {
      get globalPrivacyControl() {
        return true;
      },
    },
    'globalPrivacyControl',
  )!;
  Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get, set: undefined, enumerable: true, configurable: true });
})();
