/**
 * The formula-injection guard (DESIGN D10.2, OWASP "CSV injection"): text that a spreadsheet
 * could read as a formula or a command when it is typed, pasted or saved as CSV.
 *
 * The workbook writer keeps such text a text cell and marks it "quote-prefixed", so Excel
 * and LibreOffice show it exactly as it was imported and never turn it into a formula,
 * even when someone edits the cell. (A plain-text output such as CSV would prefix an
 * apostrophe instead, as OWASP recommends; Tierscape writes none.)
 */

/** = + - @ (formula starts), tab, carriage return, line feed and NUL. */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\0']);

/** True when a spreadsheet could read this text as a formula (or a DDE command). */
export function looksLikeFormula(text: string): boolean {
  return text.length > 0 && TRIGGERS.has(text[0]!);
}

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage
 * return; U+FFFE/U+FFFF; lone surrogates) become U+FFFD, so a NUL in a partner name is
 * shown, not silently dropped or turned into a broken file.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}
