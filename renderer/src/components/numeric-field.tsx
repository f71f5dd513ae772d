/**
 * The scenario forms' text inputs that keep what the user typed: the field holds its own
 * text, parses it on every keystroke, shows a problem inline (aria-invalid + a message
 * referenced by aria-describedby) and reports a value only when the text is valid. An
 * invalid text is never reported; it stays in the field until the user fixes it or the
 * value changes from outside (undo, another editor), which resets the text. What a field
 * reports is typing (stores/scenario.slice `typingInto`): one visit of the field makes one
 * undo step, not one per keystroke. The text itself is `useFieldText`'s (./field-text).
 */
import { useId, useState, type ReactNode } from 'react';
import { currencySymbol, moneyExample, otherCurrencyMessage, readMoney } from '../../../shared/model/currency';
import { err, ok, type Result } from '../../../shared/model/result';
import { typedInput, useFieldText } from './field-text';
import './forms.css';

/** The message element of a field, and the aria attributes that tie it to the field. */
export function FieldError({ id, error }: { id: string; error: string | null }) {
  if (error === null) return null;
  return (
    <span id={id} className="sf-error">
      {error}
    </span>
  );
}

/** aria-describedby for a field: its help ids plus its error id when it has an error. */
export function describedBy(help: string | undefined, errorId: string, error: string | null): string | undefined {
  const ids = [help, error === null ? undefined : errorId].filter((x): x is string => Boolean(x));
  return ids.length ? ids.join(' ') : undefined;
}

// ---------------------------------------------------------------------------------------
// Numbers

export interface NumberRules {
  /** empty text means "not set" (null) */
  allowEmpty?: boolean;
  min?: number;
  max?: number;
  integer?: boolean;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const display = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20, useGrouping: true });

/** "1,200", " 3.5 ", "1e6" → a finite number; thousands separators and a leading $ are accepted. */
export function parseNumberText(text: string, rules: NumberRules = {}): Result<number | null> {
  const t = text.trim().replace(/^\$/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  if (t === '') return rules.allowEmpty ? { ok: true, value: null } : { ok: false, error: 'enter a number' };
  if (!NUMBER_TEXT.test(t)) return { ok: false, error: `"${text.trim().slice(0, 24)}" is not a number` };
  return checkNumber(Number(t), rules);
}

/**
 * An amount in `currency` (an ISO code) as a threshold takes it (shared/model/currency):
 * "1,200", "$500K", "1.5M", "€2,5M", "500K EUR" — the currency's own symbol or code only;
 * a plain number ("1e6") as `parseNumberText` reads it.
 */
export function parseMoneyText(text: string, currency: string, rules: NumberRules = {}): Result<number | null> {
  const t = text.trim();
  if (t === '') return rules.allowEmpty ? { ok: true, value: null } : { ok: false, error: `enter a number, e.g. ${moneyExample(currency)}` };
  const read = readMoney(t, currency);
  if (read.ok) return checkNumber(read.value, rules);
  if (read.error === 'other-currency') return { ok: false, error: otherCurrencyMessage(currency) };
  const plain = t.replace(/,(?=\d{3}(\D|$))/g, '');
  if (NUMBER_TEXT.test(plain)) return checkNumber(Number(plain), rules);
  return { ok: false, error: `"${t.slice(0, 24)}" is not a number: type ${moneyExample(currency)}` };
}

function checkNumber(value: number, rules: NumberRules): Result<number | null> {
  if (!Number.isFinite(value)) return { ok: false, error: 'this number is too large' };
  if (rules.integer && !Number.isInteger(value)) return { ok: false, error: 'enter a whole number' };
  if (rules.min !== undefined && value < rules.min) {
    return { ok: false, error: rules.min === 0 ? 'cannot be negative' : `must be at least ${display.format(rules.min)}` };
  }
  if (rules.max !== undefined && value > rules.max) return { ok: false, error: `must be at most ${display.format(rules.max)}` };
  return { ok: true, value: value === 0 ? 0 : value };
}

export function formatNumberText(value: number | null): string {
  return value === null ? '' : display.format(value);
}

interface FieldCommon {
  /** the accessible name, when no `<label htmlFor={id}>` names the field */
  label?: string;
  id?: string;
  /** ids of help texts describing the field (the error message is added to them) */
  describedBy?: string;
  placeholder?: string;
  className?: string;
  disabled?: boolean;
  /** shown after the input ("h", "%", "$") */
  suffix?: ReactNode;
}

/** An amount of money: typed as thresholds are ("$500K", "1.5M"), with the currency's symbol after the field unless `suffix` says otherwise. */
interface MoneyOption {
  /** the ISO code of the amount's currency; unset: a plain number */
  currency?: string;
}

export type NumericFieldProps = FieldCommon &
  MoneyOption &
  Omit<NumberRules, 'allowEmpty'> &
  (
    | { allowEmpty: true; value: number | null; onValue: (value: number | null) => void }
    | { allowEmpty?: false; value: number; onValue: (value: number) => void }
  );

/** A number (or an amount, with `currency`) typed as text; `onValue` gets only valid numbers (null for an empty optional field). */
export function NumericField(props: NumericFieldProps) {
  const { label, describedBy: help, placeholder, className, disabled, min, max, integer, currency } = props;
  // an amount shows its currency's symbol unless told otherwise (null: nothing)
  const suffix = props.suffix !== undefined ? props.suffix : currency !== undefined ? currencySymbol(currency) : undefined;
  const rules: NumberRules = { allowEmpty: props.allowEmpty === true, min, max, integer };
  const parse = (t: string) => (currency !== undefined ? parseMoneyText(t, currency, rules) : parseNumberText(t, rules));
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const errorId = `${id}-error`;
  const field = useFieldText<number | null>(props.value, {
    says: (_key, t, v) => {
      const parsed = parse(t);
      return parsed.ok && parsed.value === v;
    },
  }).bind('value', {
    formatted: formatNumberText(props.value),
    parse,
    edit: (value) => (value === props.value ? undefined : value),
    report: (value) => {
      if (props.allowEmpty === true) props.onValue(value);
      else if (value !== null) props.onValue(value);
    },
  });
  const error = field.error;

  return (
    <span className={`sf-field${className ? ` ${className}` : ''}`}>
      <span className="sf-input-row">
        <input
          {...typedInput(id, field)}
          type="text"
          inputMode={integer && (min ?? -1) >= 0 ? 'numeric' : 'decimal'}
          className="sf-number"
          aria-label={label}
          aria-invalid={error !== null ? 'true' : undefined}
          aria-describedby={describedBy(help, errorId, error)}
          placeholder={placeholder ?? (props.allowEmpty ? 'not set' : undefined)}
          disabled={disabled}
          autoComplete="off"
          spellCheck={false}
        />
        {suffix !== undefined && suffix !== null && <span className="sf-suffix">{suffix}</span>}
      </span>
      <FieldError id={errorId} error={error} />
    </span>
  );
}

// ---------------------------------------------------------------------------------------
// Text

export interface TextFieldProps extends Omit<FieldCommon, 'suffix'> {
  value: string;
  onValue: (value: string) => void;
  /** the problem with a text (already trimmed unless `trim` is false), or null when it is fine */
  validate?: (text: string) => string | null;
  /** report the text trimmed (default true) */
  trim?: boolean;
  maxLength?: number;
  multiline?: boolean;
  /** monospace, no spell checking (keys, formulas) */
  code?: boolean;
}

/** A text typed by the user; `onValue` gets it (trimmed) only when `validate` finds no problem. */
export function TextField(props: TextFieldProps) {
  const { value, onValue, validate, label, describedBy: help, placeholder, className, disabled, maxLength, multiline, code } = props;
  const trim = props.trim ?? true;
  const clean = (t: string) => (trim ? t.trim() : t);
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const errorId = `${id}-error`;
  const field = useFieldText<string>(value, { says: (_key, t, v) => clean(t) === v }).bind('value', {
    formatted: value,
    parse: (t) => {
      const cleaned = clean(t);
      const problem = validate ? validate(cleaned) : null;
      return problem === null ? ok(cleaned) : err(problem);
    },
    edit: (cleaned) => (cleaned === value ? undefined : cleaned),
    report: onValue,
  });
  const error = field.error;

  const common = {
    ...typedInput(id, field),
    'aria-label': label,
    'aria-invalid': error !== null ? ('true' as const) : undefined,
    'aria-describedby': describedBy(help, errorId, error),
    placeholder,
    disabled,
    maxLength,
    spellCheck: code ? false : undefined,
    autoComplete: 'off',
  };
  return (
    <span className={`sf-field${className ? ` ${className}` : ''}`}>
      {multiline ? (
        <textarea {...common} className={`sf-text${code ? ' sf-code' : ''}`} rows={2} />
      ) : (
        <input {...common} type="text" className={`sf-text${code ? ' sf-code' : ''}`} />
      )}
      <FieldError id={errorId} error={error} />
    </span>
  );
}

/** The usual check of a name: required, at most 120 characters (the schema's Name). */
export function checkName(text: string): string | null {
  if (text.trim() === '') return 'a name is required';
  if (text.length > 120) return 'at most 120 characters';
  return null;
}

/** A text input whose problem the caller decides (a new entry's name, key …), with the problem shown beside it. */
export function CheckedInput(props: { id: string; value: string; onText: (text: string) => void; error: string | null; placeholder: string; disabled: boolean; maxLength: number; code?: boolean }) {
  const { id, value, onText, error, placeholder, disabled, maxLength, code } = props;
  const errorId = `${id}-error`;
  return (
    <span className="sf-field">
      <input
        id={id}
        type="text"
        className={`sf-text${code ? ' sf-code' : ''}`}
        value={value}
        maxLength={maxLength}
        spellCheck={code ? false : undefined}
        autoComplete="off"
        placeholder={placeholder}
        onChange={(e) => onText(e.target.value)}
        aria-invalid={error !== null ? 'true' : undefined}
        aria-describedby={describedBy(undefined, errorId, error)}
        disabled={disabled}
      />
      <FieldError id={errorId} error={error} />
    </span>
  );
}

/**
 * The name field of an "add" form: what is typed, its problem (shown once the form is
 * submitted, then kept up to date), and `take()`, which answers the trimmed name and
 * clears the field — or null, after showing why not.
 */
export function useNewName(label: string, placeholder: string, disabled: boolean) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const field = (
    <>
      <label htmlFor={id}>{label}</label>
      <CheckedInput
        id={id}
        value={name}
        onText={(text) => {
          setName(text);
          if (error !== null) setError(checkName(text));
        }}
        error={error}
        placeholder={placeholder}
        disabled={disabled}
        maxLength={120}
      />
    </>
  );
  const take = (): string | null => {
    const problem = checkName(name);
    setError(problem);
    if (problem !== null) return null;
    setName('');
    return name.trim();
  };
  return { field, take };
}
