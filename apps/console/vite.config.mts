import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The operators' console: a static single-page app built into dist/console and served by the API
 * itself at /console (apps/api/src/console.ts). No inline scripts, so the API's strict
 * Content-Security-Policy for /console holds.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // A module-preload polyfill would be one more script; every supported browser has module preload.
    modulePreload: { polyfill: false },
    // ECharts alone is ~570 kB minified (~190 kB gzip), in its own chunk: warn only above that.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        // ECharts is the bulk of the bundle and changes least: its own long-cached chunk.
        manualChunks: (id) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'charts' : undefined),
      },
    },
  },
  server: { proxy: { '^/(?!console)': 'http://localhost:3000' } },
});
