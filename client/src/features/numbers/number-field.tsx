/**
 * A number field for French input: a text input (inputmode=decimal, so phones show digits) read
 * by the shared `parseFrenchNumber` ("38,5", "1 234,5", "72 %"). A valid value is committed as the
 * person types; anything else turns the field red with a French message and commits nothing, so a
 * stored number is always what the person meant (an `<input type=number>` turned "38,5" into 385).
 */
import { useEffect, useId, useRef, useState, type InputHTMLAttributes } from 'react';
import { formatFrenchNumber, parseFrenchNumber, type NumberUnit } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import './number-field.css';

interface NumberFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'type' | 'inputMode'
> {
  /** The stored value (null: empty). */
  value: number | null;
  /** Called with each valid value (null when cleared), and the unit typed after it, if any. */
  onCommit(value: number | null, unit?: NumberUnit): void;
}

/** Characters that can appear while typing a number; any other one is an error at once. */
const NUMBERISH = /^[\d\s\u00a0\u202f,.+\-\u2212%€]*$/;

const display = (value: number | null) => (value === null ? '' : formatFrenchNumber(value));

/** The French number input; see the module comment. */
export function NumberField({ value, onCommit, onBlur, ...props }: NumberFieldProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(() => display(value));
  const [error, setError] = useState(false);
  const [showError, setShowError] = useState(false);
  const focused = useRef(false);
  const messageId = useId();

  // A remote change (or an undo) shows when the person is not in the middle of typing here.
  useEffect(() => {
    if (focused.current) return;
    setDraft(display(value));
    setError(false);
    setShowError(false);
  }, [value]);

  const check = (text: string) => {
    const parsed = parseFrenchNumber(text);
    if (!parsed.ok) {
      setError(true);
      if (!NUMBERISH.test(text)) setShowError(true);
      return;
    }
    setError(false);
    setShowError(false);
    if (parsed.value !== value) onCommit(parsed.value, parsed.unit);
  };

  return (
    <span className="number-field">
      <input
        {...props}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={draft}
        aria-invalid={error && showError ? true : undefined}
        aria-describedby={error && showError ? messageId : props['aria-describedby']}
        className={[props.className, error && showError ? 'number-field-invalid' : '']
          .filter(Boolean)
          .join(' ')}
        onFocus={(event) => {
          focused.current = true;
          props.onFocus?.(event);
        }}
        onChange={(event) => {
          setDraft(event.target.value);
          check(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && error) setShowError(true);
          props.onKeyDown?.(event);
        }}
        onBlur={(event) => {
          focused.current = false;
          if (error) setShowError(true);
          else setDraft(display(parseValue(draft, value)));
          onBlur?.(event);
        }}
      />
      {error && showError && (
        <span id={messageId} role="alert" className="number-field-message">
          {t('numberField.invalid')}
        </span>
      )}
    </span>
  );
}

function parseValue(draft: string, fallback: number | null): number | null {
  const parsed = parseFrenchNumber(draft);
  return parsed.ok ? parsed.value : fallback;
}
