// Dev server only (see electron.vite.config.ts): React Fast Refresh's preamble as a module
// file, because the page's CSP (script-src 'self') rightly blocks the inline one.
import '@vitejs/plugin-react/preamble';
