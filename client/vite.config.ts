import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API and the collaboration socket are served by the Pilotis server on 3000.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/collab': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
