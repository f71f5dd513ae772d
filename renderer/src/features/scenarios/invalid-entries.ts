/**
 * The entries the editor holds that are not saved because they are not valid (a threshold
 * that is not a number, an empty name, a formula that does not parse): every field marks
 * such text with aria-invalid and keeps it out of the scenario, so the save status can
 * say what is unsaved instead of "All changes saved". Selects marked invalid hold saved
 * values (a metric the list lacks, a label not placed) and are not counted.
 */
import { useEffect, useState, type RefObject } from 'react';

const INVALID = 'input[aria-invalid="true"], textarea[aria-invalid="true"]';

/** How a field is named for the person: its label, else its aria-label, else its placeholder. */
export function fieldName(el: HTMLInputElement | HTMLTextAreaElement): string {
  const label = el.labels?.[0]?.textContent?.trim() || el.getAttribute('aria-label')?.trim() || el.getAttribute('placeholder')?.trim();
  return label || 'a field';
}

/** The names of the invalid, unsaved entries under `root`, kept up to date as fields change. */
export function useInvalidEntries(root: RefObject<HTMLElement | null>): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const read = () => {
      const found = [...el.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(INVALID)].map(fieldName);
      setNames((prev) => (prev.length === found.length && prev.every((n, i) => n === found[i]) ? prev : found));
    };
    read();
    const observer = new MutationObserver(read);
    observer.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-invalid'] });
    return () => observer.disconnect();
  }, [root]);
  return names;
}

/** The save status's words for unsaved invalid entries: "Not saved: Threshold of Gold (not a number)" style. */
export function unsavedText(names: readonly string[]): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, 2).map((n) => `“${n}”`).join(', ');
  return `${names.length === 1 ? '1 entry is' : `${names.length} entries are`} not saved (not valid): ${shown}${names.length > 2 ? ` and ${names.length - 2} more` : ''}`;
}
