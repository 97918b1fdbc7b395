/**
 * Small editors of the action plan: a typed field validated on Enter or when leaving it (a refused
 * value stays typed with its French message, nothing is stored), and the "modifié par" note.
 */
import { useId, useState, type InputHTMLAttributes } from 'react';
import type * as Y from 'yjs';
import { actionLastChange, type ActionErrorCode, type EditResult } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/fr.ts';

/** The catalogue key of an action error code. */
export const errorKey = (code: ActionErrorCode) => `actions.error.${code}` as MessageKey;

export function ValidatedField({
  label,
  value,
  onCommit,
  readOnly,
  hint,
  ...input
}: {
  label: string;
  /** The stored value as displayed ("1 234,5", "26/11/2026"). */
  value: string;
  onCommit(text: string): EditResult;
  readOnly: boolean;
  hint?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'readOnly'>) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<ActionErrorCode | null>(null);
  const commit = () => {
    if (draft === null) return;
    if (draft.trim() === value.trim()) {
      setDraft(null);
      setError(null);
      return;
    }
    const result = onCommit(draft);
    if (result.ok) {
      setDraft(null);
      setError(null);
    } else {
      setError(result.code);
    }
  };
  return (
    <div className="action-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={draft ?? value}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onFocus={() => setDraft((current) => current ?? value)}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          } else if (event.key === 'Escape' && draft !== null) {
            event.stopPropagation();
            setDraft(null);
            setError(null);
          }
        }}
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(errorKey(error))}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="action-hint">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

/** "Modifié par Zoé" under a typed field, in the author's colour. */
export function ChangedBy({
  doc,
  actionId,
  field,
}: {
  doc: Y.Doc;
  actionId: string;
  field: string;
}) {
  const { t } = useI18n();
  const change = actionLastChange(doc, actionId, field);
  if (!change) return null;
  return (
    <span className="changed-by" style={{ borderColor: change.color }}>
      {t('actions.changedBy', { name: change.name })}
    </span>
  );
}
