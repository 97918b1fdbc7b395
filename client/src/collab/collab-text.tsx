/**
 * A textarea bound to a Y.Text: local typing becomes small Y.Text edits (fast-diff, whole
 * graphemes), remote edits update the value while the caret stays where the person is typing.
 */
import { useEffect, useRef, type TextareaHTMLAttributes } from 'react';
import type * as Y from 'yjs';
import { applyEdits, diffText, shiftPosition } from '@pilotis/shared';

/** Transaction origin of this tab's typing (undo managers track it; remote edits differ). */
export const LOCAL_ORIGIN = { source: 'pilotis-local-typing' };

interface CollabTextProps extends Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'value' | 'onChange'
> {
  text: Y.Text;
}

export function CollabText({ text, ...props }: CollabTextProps) {
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.value = text.toString();
    const handleChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL_ORIGIN && element.value === text.toString()) return;
      const focused = document.activeElement === element;
      const start = shiftPosition(element.selectionStart, event.delta);
      const end = shiftPosition(element.selectionEnd, event.delta);
      element.value = text.toString();
      if (focused) element.setSelectionRange(start, end);
    };
    text.observe(handleChange);
    return () => text.unobserve(handleChange);
  }, [text]);

  const handleInput = () => {
    const element = ref.current;
    if (!element || !text.doc) return;
    const edits = diffText(text.toString(), element.value, element.selectionEnd);
    if (edits.length > 0) text.doc.transact(() => applyEdits(text, edits), LOCAL_ORIGIN);
  };

  return <textarea ref={ref} onInput={handleInput} rows={1} spellCheck {...props} />;
}
