/**
 * Before creating next year's cycle from an earlier one (issue 15): what it will hold, counted by
 * the server from the very rollover it will run (GET /api/cycles/:id/rollover-preview?year=).
 */
import { useEffect, useState } from 'react';
import { request } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';

interface Preview {
  fromYear: number;
  year: number;
  themes: { number: number; title: string; retained: boolean; reason: string }[];
  domains: number;
  rows: number;
  rowsWithMeasure: number;
  rowsToReview: number;
  target3yByYear: { year: number; rows: number }[];
  sections: number;
  stakeholders: number;
  actionsCarried: number;
  actionsLeft: number;
  groupCarried: number;
  referentsCarried: PreviewReferent[];
  referentsEnded: PreviewReferent[];
}

interface PreviewReferent {
  theme: number;
  name: string;
  /** yyyy-mm-dd, empty when the mandate is open. */
  to: string;
}

export function RolloverPreview({ from, year }: { from: string; year: number }) {
  const { t, plural, formatDate } = useI18n();
  const [preview, setPreview] = useState<Preview | null | 'error'>(null);
  useEffect(() => {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) return;
    let live = true;
    setPreview(null);
    request<Preview>('GET', `/api/cycles/${from}/rollover-preview?year=${year}`).then(
      (body) => live && setPreview(body),
      () => live && setPreview('error'),
    );
    return () => {
      live = false;
    };
  }, [from, year]);
  if (preview === 'error') return <p className="hint">{t('rollover.error')}</p>;
  if (!preview) return <p role="status">{t('rollover.loading')}</p>;
  const from_ = preview.fromYear;
  const referentLine = (referent: PreviewReferent) => (
    <li key={`${referent.theme}-${referent.name}`}>
      {referent.to
        ? t('rollover.referentUntil', {
            theme: referent.theme,
            name: referent.name,
            to: formatDate(referent.to),
          })
        : t('rollover.referent', { theme: referent.theme, name: referent.name })}
    </li>
  );
  const dropped = preview.themes.filter((theme) => !theme.retained);
  return (
    <section
      className="rollover-preview"
      aria-labelledby="rollover-title"
      data-testid="rollover-preview"
    >
      <h4 id="rollover-title">{t('rollover.title', { year: preview.year })}</h4>
      <ul>
        <li>{t('rollover.rows', { rows: preview.rows, domains: preview.domains, from: from_ })}</li>
        <li>
          {t('rollover.measures', {
            count: preview.rowsWithMeasure,
            from: from_,
            year: preview.year,
          })}
        </li>
        <li>{t('rollover.reviews', { count: preview.rowsToReview, from: from_ })}</li>
        {preview.target3yByYear.map((target) => (
          <li key={target.year}>
            {t('rollover.target3y', { count: target.rows, target: target.year })}
          </li>
        ))}
        <li>
          {t('rollover.themes', {
            from: from_,
            retained: preview.themes.length - dropped.length,
            dropped: dropped.length,
          })}
          {dropped.length > 0 && (
            <ul>
              {dropped.map((theme) => (
                <li key={theme.number}>
                  {theme.number}. {theme.title}
                  {theme.reason ? ` — ${theme.reason}` : ''}
                </li>
              ))}
            </ul>
          )}
        </li>
        <li>
          {t('rollover.actions', {
            carried: preview.actionsCarried,
            left: preview.actionsLeft,
            from: from_,
          })}
        </li>
        <li>
          {t('rollover.texts', {
            sections: preview.sections,
            stakeholders: preview.stakeholders,
            from: from_,
          })}
        </li>
      </ul>
      <ul>
        <li>{plural(preview.groupCarried, 'rollover.group.one', 'rollover.group.other')}</li>
        {preview.referentsCarried.length > 0 && (
          <li>
            {t('rollover.referents', { year: preview.year })}
            <ul>{preview.referentsCarried.map(referentLine)}</ul>
          </li>
        )}
        {preview.referentsEnded.length > 0 && (
          <li>
            {t('rollover.referentsEnded', { year: preview.year })}
            <ul>{preview.referentsEnded.map(referentLine)}</ul>
          </li>
        )}
      </ul>
      <p className="hint">{t('rollover.untouched', { from: from_ })}</p>
    </section>
  );
}
