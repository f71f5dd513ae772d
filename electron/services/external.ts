/**
 * Which web addresses the app may hand to the system browser (`shell.openExternal`).
 * Everything else is refused: the renderer never navigates, and links from imported
 * data are never opened.
 */
export const EXTERNAL_URL_ALLOWLIST: readonly string[] = ['https://github.com/', 'https://www.sheetjs.com/'];

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const normalised = url.href;
  return EXTERNAL_URL_ALLOWLIST.some((prefix) => normalised.startsWith(prefix));
}
