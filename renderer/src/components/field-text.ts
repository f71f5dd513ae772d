/**
 * The text of an input whose text may not (yet) be a valid value — a threshold, a number, a
 * name, a formula: one hook, `useFieldText`, for every scenario form field that keeps what
 * the person typed (DESIGN D11.2: an invalid entry stays in its field, marked, and is never
 * saved; undo walks back through the edits, typing into a field being one per visit).
 *
 * The texts belong to a *source*: the stored thing the fields show (a number, a string, a
 * requirement node). A field with no typed text shows its stored value's own text. A typed
 * text is parsed on every keystroke; a valid one is reported at once, an invalid one is kept
 * in the field, with its problem, until it is fixed. When the source changes, the typed
 * texts stay in one of two ways:
 *
 * - by default they belong to the source they were typed against: they stay only when the
 *   change is the one the form announced (a field's own report, an edit the form made with
 *   `edited`), so several fields of one node keep their texts while any of them reports;
 * - with `says` (a field of one value), a text stays as long as it still says the stored
 *   value, whatever changed it, and nothing is announced.
 *
 * Any other change (undo, another editor) drops the texts: the fields show the stored
 * values again.
 */
import { useState, type ChangeEvent } from 'react';
import type { Result } from '../../../shared/model/result';
import { endTyping, typingInto, typingKindOf } from '../stores/scenario.slice';

type Texts = Readonly<Record<string, string>>;

const NO_TEXTS: Texts = {};

export interface FieldTextOptions<S> {
  /** whether two sources are the same stored thing (default: Object.is) */
  same?: (a: S, b: S) => boolean;
  /**
   * Whether a text typed into `key` says `source` (it reads as what is stored). Given, a text
   * stays as long as it says the source, and reports announce nothing (see the header).
   */
  says?: (key: string, text: string, source: S) => boolean;
}

/** How one field of a source reads and reports its text. */
export interface FieldSpec<T, S, E = string> {
  /** the stored value's own text: what the field shows when nothing is typed */
  formatted: string;
  /** a text read as a value, or its problem */
  parse: (text: string) => Result<T, E>;
  /** the source after the edit a valid `value` makes, or undefined when there is nothing to report (it is stored already) */
  edit: (value: T) => S | undefined;
  /** reports the edited source (the editor's onChange, onValue …) */
  report: (next: S) => void;
  /** leaving the field with a valid typed text shows the stored value's own text again */
  tidyOnBlur?: boolean;
}

/** A field's text, what it reads as, its problem (null: none) and its handlers. */
export interface BoundText<T, E = string> {
  text: string;
  parsed: Result<T, E>;
  error: E | null;
  /** the person changed the text */
  onText: (text: string) => void;
  /** the person left the field */
  onBlur: () => void;
}

export interface FieldText<S> {
  /** the text typed into `key`, or undefined when the field shows its stored value */
  typed: (key: string) => string | undefined;
  /** keeps `text` for `key`; `next` is the source the edit that goes with it makes (default: the source stays): the texts belong to it */
  keep: (key: string, text: string, next?: S) => void;
  /** `key` shows its stored value again */
  drop: (key: string) => void;
  /** an edit that is not typing (a select, a button) makes `next`: only the texts `keep` says stay */
  edited: (next: S, keep?: (key: string) => boolean) => void;
  /** the field `key`: its text and handlers (a valid text is reported at once, an invalid one kept) */
  bind: <T, E = string>(key: string, spec: FieldSpec<T, S, E>) => BoundText<T, E>;
}

/** The texts typed into the fields that show `source` (see the header). */
export function useFieldText<S>(source: S, options: FieldTextOptions<S> = {}): FieldText<S> {
  const same = options.same ?? Object.is;
  const follows = options.says !== undefined;
  const [state, setState] = useState<{ source: S; texts: Texts }>({ source, texts: NO_TEXTS });
  let texts = state.texts;
  if (!same(state.source, source)) {
    // changed from outside: adjusted during render (derived state, as React recommends)
    const says = options.says;
    texts = says ? Object.fromEntries(Object.entries(state.texts).filter(([key, text]) => says(key, text, source))) : NO_TEXTS;
    setState({ source, texts });
  }
  const current = (prev: { source: S; texts: Texts }) => (same(prev.source, source) ? prev.texts : NO_TEXTS);

  const keep = (key: string, text: string, next: S = source) => setState((prev) => ({ source: next, texts: { ...current(prev), [key]: text } }));
  const drop = (key: string) =>
    setState((prev) => {
      const { [key]: _dropped, ...rest } = current(prev);
      return { source, texts: rest };
    });
  const edited = (next: S, keepText: (key: string) => boolean = () => false) =>
    setState((prev) => ({ source: next, texts: Object.fromEntries(Object.entries(current(prev)).filter(([key]) => keepText(key))) }));

  const bind = <T, E = string>(key: string, spec: FieldSpec<T, S, E>): BoundText<T, E> => {
    const typed = texts[key];
    const text = typed ?? spec.formatted;
    const parsed = spec.parse(text);
    return {
      text,
      parsed,
      error: parsed.ok ? null : parsed.error,
      onText: (next) => {
        const read = spec.parse(next);
        const edit = read.ok ? spec.edit(read.value) : undefined;
        keep(key, next, follows ? undefined : edit);
        if (edit !== undefined) spec.report(edit);
      },
      onBlur: () => {
        if (spec.tidyOnBlur && typed !== undefined && spec.parse(typed).ok) drop(key);
      },
    };
  };

  return { typed: (key) => texts[key], keep, drop, edited, bind };
}

/**
 * An input's id, text and handlers for a bound field: what is typed is typing into the
 * input's DOM id (stores/scenario.slice `typingInto`), so one visit of the field makes one
 * undo step, not one per keystroke; leaving it ends the visit.
 */
export function typedInput(id: string, field: Pick<BoundText<unknown, unknown>, 'text' | 'onText' | 'onBlur'>) {
  return {
    id,
    value: field.text,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => typingInto(id, typingKindOf(event), () => field.onText(event.target.value)),
    onBlur: () => {
      endTyping();
      field.onBlur();
    },
  };
}
