/**
 * The installable, offline-capable shell: registers the service worker built by vite-plugin-pwa
 * (precached shell; last answers of /api/me and the cycle metadata), and forgets those answers on
 * sign-out. Service workers need HTTPS or localhost: on a plain-HTTP LAN address the app simply
 * works online only, as before.
 */

/** Name of the runtime cache of API answers (vite.config.ts, `runtimeCaching`). */
export const API_CACHE = 'pilotis-api';

/**
 * Registers the service worker in production builds. When it takes control of this page for the
 * first time, the page's API answers were fetched before it could keep them: fetch them again so
 * that this very page opens offline next time.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) return;
    const cycle = /^\/cycles\/([^/]+)/.exec(window.location.pathname)?.[1];
    const urls = ['/api/me', '/api/organisations'];
    if (cycle) urls.push(`/api/cycles/${cycle}`);
    for (const url of urls) void fetch(url, { credentials: 'same-origin' }).catch(() => {});
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No offline shell (e.g. plain HTTP on a LAN): the app still works online.
    });
  });
}

/** Forget the API answers kept for offline use (on sign-out: they name this account). */
export async function clearOfflineCache(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await caches.delete(API_CACHE).catch(() => false);
}
