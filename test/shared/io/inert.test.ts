import { describe, expect, it } from 'vitest';
import { looksLikeFormula, xmlSafeText } from '../../../shared/io/inert';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'];

describe('looksLikeFormula', () => {
  it.each(TRIGGERS)('is true for text starting with %j', (first) => {
    expect(looksLikeFormula(first)).toBe(true);
    expect(looksLikeFormula(`${first}SUM(A1:A9)`)).toBe(true);
  });

  it.each([
    '=HYPERLINK("http://x","y")',
    '+1',
    '-2+3',
    '@SUM(A1)',
    '\tleading tab',
    '\r\nCR LF',
    "=cmd|' /C calc'!A0",
    '-',
    '=',
  ])('is true for the classic payload %j', (text) => {
    expect(looksLikeFormula(text)).toBe(true);
  });

  it.each([
    '',
    'Acme',
    'a=1',
    '1+1',
    '"a";=1',
    ' =1',
    "'=1",
    'x\t=1',
    'Gold',
    '_x0041_',
    '(=1)',
    '😀=1',
  ])('is false for %j (only the first character counts)', (text) => {
    expect(looksLikeFormula(text)).toBe(false);
  });
});

describe('xmlSafeText', () => {
  it('replaces each C0 control XML 1.0 cannot carry with U+FFFD, keeping tab, LF and CR', () => {
    for (let c = 0; c < 0x20; c += 1) {
      const ch = String.fromCharCode(c);
      const keep = ch === '\t' || ch === '\n' || ch === '\r';
      expect(xmlSafeText(`a${ch}b`), `U+${c.toString(16).padStart(4, '0')}`).toBe(keep ? `a${ch}b` : 'a\uFFFDb');
    }
    expect(xmlSafeText('a\u0000b')).toBe('a\uFFFDb');
    expect(xmlSafeText('\u0000\u0000')).toBe('\uFFFD\uFFFD');
  });

  it('replaces the non-characters U+FFFE and U+FFFF', () => {
    expect(xmlSafeText('x\uFFFEy\uFFFFz')).toBe('x\uFFFDy\uFFFDz');
  });

  it('replaces lone surrogates but keeps valid pairs (emoji, astral characters)', () => {
    expect(xmlSafeText('lone high \uD800 here')).toBe('lone high \uFFFD here');
    expect(xmlSafeText('lone low \uDC00 here')).toBe('lone low \uFFFD here');
    expect(xmlSafeText('at the end \uD83D')).toBe('at the end \uFFFD');
    expect(xmlSafeText('\uDE00 at the start')).toBe('\uFFFD at the start');
    // reversed: a low then a high surrogate is two lone ones
    expect(xmlSafeText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
    // a high surrogate followed by a valid pair: only the first is lone
    expect(xmlSafeText('\uD800\uD83D\uDE00')).toBe('\uFFFD😀');
    expect(xmlSafeText('emoji 😀 ok, 👩‍👩‍👧 family, 𝔘 math, \uDBFF\uDFFF last')).toBe('emoji 😀 ok, 👩‍👩‍👧 family, 𝔘 math, \uDBFF\uDFFF last');
  });

  it('leaves every other character alone and keeps the length', () => {
    const ok = 'Acme & Söhne <GmbH> "quoted" \'single\' \u007F \u0085 \u00A0 \u2028 \uFFFD 東京 é';
    expect(xmlSafeText(ok)).toBe(ok);
    const nasty = 'a\u0000b\u0001c\uD800d\uFFFFe';
    const safe = xmlSafeText(nasty);
    expect(safe).toHaveLength(nasty.length);
    expect(safe).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    // idempotent
    expect(xmlSafeText(safe)).toBe(safe);
  });

  it('is usable many times in a row (the pattern keeps no state between calls)', () => {
    for (let i = 0; i < 3; i += 1) expect(xmlSafeText('x\u0000y')).toBe('x\uFFFDy');
  });
});
