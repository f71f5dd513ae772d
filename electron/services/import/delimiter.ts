/**
 * Guessing a CSV file's delimiter (comma, semicolon, tab or pipe) from its first lines:
 * the candidate that splits most lines into the same number of fields, counted outside
 * quotes.
 */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

function countOutsideQuotes(line: string, delimiter: string, inQuotesAtStart: boolean): { count: number; inQuotes: boolean } {
  let inQuotes = inQuotesAtStart;
  let count = 0;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === delimiter) count += 1;
  }
  return { count, inQuotes };
}

export function detectDelimiter(text: string, maxLines = 60): Delimiter {
  const lines = text.slice(0, 200_000).split(/\r\n|\n|\r/).slice(0, maxLines);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts: number[] = [];
    let inQuotes = false;
    let pending = 0;
    for (const line of lines) {
      const r = countOutsideQuotes(line, delimiter, inQuotes);
      pending += r.count;
      inQuotes = r.inQuotes;
      if (!inQuotes) {
        if (line.trim() !== '' || pending > 0) counts.push(pending);
        pending = 0;
      }
    }
    // the most frequent non-zero field count, weighted by how many lines share it
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let score = 0;
    for (const [fields, lineCount] of freq) score = Math.max(score, lineCount * Math.log2(fields + 1));
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}
