// Paths in the address bar (the server answers index.html for any path
// without a dot), with ?lang= kept on every link.
import { currentLang } from './i18n.js';

const listeners = new Set();

/** Subscribe to address changes; returns the unsubscribe function. */
export function onRoute(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** PATH (with an optional query) plus the current ?lang=. */
export function href(path) {
  const u = new URL(path, location.origin);
  u.searchParams.set('lang', currentLang());
  return u.pathname + u.search;
}

/** Go to PATH without reloading; REPLACE keeps the history entry. */
export function navigate(path, replace = false) {
  const to = href(path);
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const fn of listeners) fn();
  window.scrollTo(0, 0);
}

/** The current path and query parameters. */
export function location_() {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

window.addEventListener('popstate', () => { for (const fn of listeners) fn(); });

// Same-origin links are handled here, so <a href> stays a real link (open in
// a new tab, keyboard, screen readers) without reloading the app.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest?.('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin || u.pathname.startsWith('/api/')) return;
  e.preventDefault();
  navigate(u.pathname + u.search);
});
