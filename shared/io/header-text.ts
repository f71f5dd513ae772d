/**
 * A header in matching form (DESIGN D9.2): lower case, units in brackets dropped,
 * punctuation as spaces, accents dropped, camelCase split: the form in which
 * header-fields.ts and header-metrics.ts look a header up among their synonyms.
 */

// ---------------------------------------------------------------------------------------
// Normalising

const BRACKETED = /\([^)]*\)|\[[^\]]*\]/g;
const CAMEL_LOWER_UPPER = /([a-z0-9])([A-Z])/g;
const CAMEL_ACRONYM_WORD = /([A-Z]+)([A-Z][a-z]{2,})/g;
const APOSTROPHES = /['’`]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/** '#' after a word means "number" ('Partner #', 'Account #'); dropped as punctuation it would turn an id column into 'partner'. */
const NUMBER_SIGN = /(\p{L})\s*#/gu;

function normaliseText(text: string): string {
  return text
    .replace(NUMBER_SIGN, '$1 number')
    .replace(CAMEL_LOWER_UPPER, '$1 $2')
    .replace(CAMEL_ACRONYM_WORD, '$1 $2')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}

/**
 * A header in matching form: lower case, trimmed, units in () or [] dropped, punctuation
 * ('_' '-' '.' '%' '#' …) as spaces, single spaces, accents dropped, camelCase split.
 * 'ARR (USD)' → 'arr', 'partner_name' → 'partner name', 'CSAT %' → 'csat'.
 */
export function normaliseHeader(header: string): string {
  return normaliseText(header.replace(BRACKETED, ' '));
}

/** The header with the text in brackets kept as words: 'Sourced ARR (prior year)' → 'sourced arr prior year'. */
export function normaliseFull(header: string): string {
  return normaliseText(header);
}
