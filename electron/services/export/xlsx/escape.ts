/**
 * Text as XML character data in a workbook part: markup escaped, and what XML cannot carry
 * (control characters, lone surrogates) made safe.
 */
import { xmlSafeText } from '../../../../shared/io/inert';

/** Characters that need more than copying: markup, CR, "_x" escapes, and what XML cannot carry. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>\r_\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return (
    xmlSafeText(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\r/g, '&#13;')
      // a literal "_x0041_" would otherwise be read back as an escaped character
      .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_')
  );
}
