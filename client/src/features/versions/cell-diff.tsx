/**
 * Showing a compared cell: its value as the grid shows it, and one side of the word-level diff
 * (`wordDiff`, the version comparison's model). Used by the comparison and the row restore preview.
 */
import { useCallback } from 'react';
import type { CellValue, ComparedRowField, ParagraphPiece } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * One side of a word-level diff (`wordDiff` of the version comparison): the words the other side
 * does not have are struck out (before) or marked as inserted (after).
 */
export function DiffSide({
  pieces,
  side,
  text,
}: {
  pieces: ParagraphPiece[];
  side: 'before' | 'after';
  /** The whole text of this side (empty: shown as "(vide)"). */
  text: string;
}) {
  const { t } = useI18n();
  if (text === '') return <em className="muted">{t('versions.empty')}</em>;
  const other = side === 'before' ? 1 : -1;
  return (
    <>
      {pieces
        .filter((piece) => piece.op !== other)
        .map((piece, index) =>
          piece.op === 0 ? (
            <span key={index}>{piece.text}</span>
          ) : side === 'before' ? (
            <del key={index}>{piece.text}</del>
          ) : (
            <ins key={index}>{piece.text}</ins>
          ),
        )}
    </>
  );
}

/** A compared cell's value as the grid shows it: "Oui"/"Non", "38,5", "Indicateur", "" if empty. */
export function useShowCell(): (field: ComparedRowField, value: CellValue) => string {
  const { t, formatNumber } = useI18n();
  return useCallback(
    (field: ComparedRowField, value: CellValue): string => {
      if (value === null) return '';
      if (typeof value === 'boolean') return value ? t('versions.yes') : t('versions.no');
      if (typeof value === 'number') return formatNumber(value);
      if (field === 'kind' || field === 'nature') return t(`versions.choice.${value}` as never);
      return value;
    },
    [t, formatNumber],
  );
}
