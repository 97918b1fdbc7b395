/**
 * A plain-text message box with @mention autocomplete: typing "@" followed by letters lists the
 * organisation's members; ↑/↓ choose, Entrée or Tab inserts "@Prénom Nom", Échap closes the list.
 * Ctrl+Entrée sends. The text is sent as typed (line breaks kept); the server finds the mentions.
 */
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { api, type Member } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';

const MAX_LENGTH = 10_000;
const membersCache = new Map<string, Promise<Member[]>>();

function membersOf(organisationId: string): Promise<Member[]> {
  let members = membersCache.get(organisationId);
  if (!members) {
    members = api.members(organisationId).catch(() => {
      membersCache.delete(organisationId);
      return [];
    });
    membersCache.set(organisationId, members);
  }
  return members;
}

/** The "@query" right before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([\p{L}\p{M}' -]{0,30})$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  if (query.includes('  ')) return null;
  return { start: caret - query.length - 1, query };
}

export function MessageComposer({
  organisationId,
  label,
  submitLabel,
  initial = '',
  autoFocus,
  onSubmit,
  onCancel,
}: {
  organisationId: string;
  label: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  onSubmit(body: string): Promise<void>;
  onCancel?(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [members, setMembers] = useState<Member[]>([]);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLTextAreaElement>(null);
  const caretAfterRender = useRef<number | null>(null);

  useEffect(() => {
    let live = true;
    void membersOf(organisationId).then((list) => live && setMembers(list));
    return () => {
      live = false;
    };
  }, [organisationId]);

  const matches = mention
    ? members
        .filter((m) =>
          m.name
            .toLocaleLowerCase('fr')
            .normalize('NFD')
            .replace(/\p{M}/gu, '')
            .includes(
              mention.query.toLocaleLowerCase('fr').normalize('NFD').replace(/\p{M}/gu, '').trim(),
            ),
        )
        .slice(0, 6)
    : [];
  const listOpen = matches.length > 0;

  const update = (value: string, caret: number) => {
    setText(value);
    setMention(mentionQuery(value, caret));
    setActive(0);
  };

  const insert = (member: Member) => {
    if (!mention) return;
    const caret = ref.current?.selectionStart ?? text.length;
    const next = `${text.slice(0, mention.start)}@${member.name} ${text.slice(caret)}`;
    const position = mention.start + member.name.length + 2;
    caretAfterRender.current = position;
    setText(next);
    setMention(null);
  };

  // Place the caret after an inserted mention as soon as the new text is in the DOM, before the
  // next keystroke can land elsewhere.
  useLayoutEffect(() => {
    const position = caretAfterRender.current;
    if (position === null || !ref.current) return;
    caretAfterRender.current = null;
    ref.current.focus();
    ref.current.setSelectionRange(position, position);
  }, [text]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    setError('');
    try {
      await onSubmit(text);
      setText('');
      setMention(null);
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (listOpen) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((index) => (index + step + matches.length) % matches.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        insert(matches[active] ?? matches[0]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setMention(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && onCancel) {
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <form className="comment-composer" onSubmit={submit}>
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {label}
      </label>
      <div className="comment-composer-box">
        <textarea
          id={`${id}-text`}
          ref={ref}
          value={text}
          maxLength={MAX_LENGTH}
          rows={3}
          placeholder={t('comments.placeholder')}
          autoFocus={autoFocus}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={`${id}-mentions`}
          aria-activedescendant={listOpen ? `${id}-mention-${active}` : undefined}
          onChange={(event) => update(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setMention(null), 150)}
        />
        <ul
          id={`${id}-mentions`}
          role="listbox"
          aria-label={t('comments.mentionList')}
          className="mention-list"
          hidden={!listOpen}
        >
          {matches.map((member, index) => (
            <li
              key={member.userId}
              id={`${id}-mention-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                insert(member);
              }}
            >
              {member.name}
            </li>
          ))}
        </ul>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="comment-composer-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('comments.cancel')}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {busy ? t('comments.sending') : submitLabel}
        </button>
      </div>
    </form>
  );
}
