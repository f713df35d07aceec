import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is built into dist/ui, which `argosy server` serves at `/` (with an SPA fallback).
const uiRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: uiRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev:ui` proxies the API to a running `argosy server` (ARGOSY_SERVER, default :2746).
    proxy: { '/api': process.env.ARGOSY_SERVER ?? 'http://127.0.0.1:2746' },
  },
});
