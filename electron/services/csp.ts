/**
 * The Content-Security-Policy of every page the app serves (DESIGN D11.3): scripts only from
 * the app itself, no remote content of any kind. Sent as a header by the Electron
 * protocol handler and by browser mode, and repeated in renderer/index.html's meta tag
 * (a test keeps the two equal).
 *
 * style-src allows inline styles because ag-grid's theming and Chart.js inject <style>
 * rules at run time; scripts stay 'self' only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers sent with every page and asset, in both runtimes. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
