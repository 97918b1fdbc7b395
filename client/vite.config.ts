import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// In development the API and the collaboration socket are served by the Pilotis server on 3000.
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      // Registered by src/app/offline.ts (no inline script: the CSP forbids it).
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: {
        name: 'Pilotis — guide des bonnes pratiques de l’ESS',
        short_name: 'Pilotis',
        description: 'Le guide des bonnes pratiques de l’ESS, construit ensemble.',
        lang: 'fr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f5f8b',
        icons: [
          { src: '/pwa-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/pwa-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/pwa-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // A new version takes over at once; it never reloads an open page (edits are in IndexedDB).
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/collab/],
        // Keep the service worker free of eval-like code (the CSP allows scripts from 'self' only).
        mode: 'production',
        sourcemap: false,
        runtimeCaching: [
          /**
           * The API answers the cycle page needs to open without the network: who is signed in, the
           * organisations and their cycles, one cycle's metadata. Network first (the server is the truth);
           * the last answer is used when the network is down or too slow. Never the collaboration socket
           * (/collab: its content lives in IndexedDB), never an export, a stored file or any write.
           */
          // (The function is copied into the service worker: it may not use anything from here.)
          {
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin &&
              request.method === 'GET' &&
              [
                /^\/api\/me$/,
                /^\/api\/organisations$/,
                /^\/api\/organisations\/[^/]+\/cycles$/,
                /^\/api\/cycles\/[^/]+$/,
                /^\/api\/cycles\/[^/]+\/versions$/,
              ].some((pattern) => pattern.test(url.pathname)),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'pilotis-api',
              // Flaky meeting-room Wi-Fi: past this, the last answer is shown rather than nothing.
              networkTimeoutSeconds: 6,
              cacheableResponse: { statuses: [200] },
              expiration: { maxEntries: 200 },
            },
          },
        ],
      },
    }),
  ],
  build: { outDir: 'dist', sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/collab': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
