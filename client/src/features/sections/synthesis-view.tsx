/**
 * The publishable synthesis (§2.4 step 3, issue 11) as a clean read-only page with a print
 * stylesheet: the group's introduction, then every theme in order — retained or not (and why),
 * stakes, good practices, improvement axes and the chosen rows' objectives. Built from the same
 * SynthesisModel as the synthesis PDF. Members choose here which rows appear; section texts are
 * written in « Textes ». Section bodies are shown through the shared sanitiser (richToHtml).
 */
import { useMemo } from 'react';
import {
  buildSynthesis,
  domainNumbers,
  richToHtml,
  rowHasObjective,
  setRowInSynthesis,
  type RichDoc,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../app/router.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { sectionHash } from './section-hash.ts';
import './sections.css';

/** A section body, sanitised by the shared renderer (escaped text, checked links, schema tags only). */
function RichBody({ body, empty }: { body: RichDoc; empty: string }) {
  const html = richToHtml(body);
  if (!html.replace(/<[^>]+>/g, '').trim()) return <p className="muted synthesis-empty">{empty}</p>;
  return <div className="synthesis-rich" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function SynthesisView({ context }: { context: CycleViewContext }) {
  const { t } = useI18n();
  const { doc, model, readOnly, edit, cycle } = context;
  const synthesis = useMemo(() => buildSynthesis(model), [model]);
  const numbers = useMemo(() => domainNumbers(model.themes, model.domains), [model]);
  const excluded = new Set(model.sections.flatMap((section) => section.excludedRowIds ?? []));
  const intro = model.sections.find((section) => section.kind === 'synthesis');
  const excludedRows = model.rows.filter((row) => excluded.has(row.id) && rowHasObjective(row));

  return (
    <article className="synthesis-page" aria-labelledby="synthesis-title">
      <div className="synthesis-tools no-print">
        <button type="button" onClick={() => window.print()}>
          {t('synthesis.print')}
        </button>
        {intro && (
          <Link href={`/cycles/${cycle.id}/textes${sectionHash(intro.id)}`}>
            {t('synthesis.editIntro')}
          </Link>
        )}
      </div>
      {!synthesis.complete && (
        <div className="notice notice-error no-print" role="status">
          <p>{t('synthesis.incomplete')}</p>
          <ul>
            {synthesis.problems.map((problem) => (
              <li key={problem.themeNumber}>
                {t('synthesis.missingReason', { number: problem.themeNumber })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <header className="synthesis-header">
        <p className="synthesis-kicker">{t('synthesis.kicker')}</p>
        <h2 id="synthesis-title">{synthesis.organisation}</h2>
        <p className="synthesis-year">{t('synthesis.year', { year: synthesis.year })}</p>
      </header>
      <section className="synthesis-intro" aria-label={t('synthesis.introduction')}>
        <RichBody body={synthesis.introduction} empty={t('synthesis.noIntro')} />
      </section>
      {synthesis.themes.map((theme) => (
        <section
          key={theme.number}
          className={`synthesis-theme${theme.retained ? '' : ' theme-dropped'}`}
          aria-labelledby={`synthesis-theme-${theme.number}`}
        >
          <h3 id={`synthesis-theme-${theme.number}`}>
            {theme.number}. {theme.title}
          </h3>
          {theme.retained ? (
            <p className="synthesis-status">{t('synthesis.retained')}</p>
          ) : (
            <p className="synthesis-status">
              <strong>{t('synthesis.notRetained')}</strong>{' '}
              {theme.notRetainedReason || (
                <span className="flag">{t('synthesis.reasonMissing')}</span>
              )}
            </p>
          )}
          <h4>{t('synthesis.stakes')}</h4>
          <RichBody body={theme.stakes} empty={t('synthesis.notWritten')} />
          {theme.retained && (
            <>
              <h4>{t('synthesis.goodPractices')}</h4>
              <RichBody body={theme.goodPractices} empty={t('synthesis.notWritten')} />
              <h4>{t('synthesis.improvements')}</h4>
              <RichBody body={theme.improvements} empty={t('synthesis.notWritten')} />
              {theme.rows.length > 0 && (
                <table className="synthesis-objectives">
                  <caption>{t('synthesis.objectives')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('synthesis.row')}</th>
                      <th scope="col">{t('synthesis.target1y')}</th>
                      <th scope="col">{t('synthesis.target3y')}</th>
                      {!readOnly && (
                        <th scope="col" className="no-print">
                          {t('synthesis.include')}
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {theme.rows.map((row) => (
                      <tr key={row.id}>
                        <td>
                          <span className="muted">{row.domainNumber}</span> {row.label}
                        </td>
                        <td>{row.target1y}</td>
                        <td>{row.target3y}</td>
                        {!readOnly && (
                          <td className="no-print">
                            <input
                              type="checkbox"
                              checked
                              aria-label={t('synthesis.includeRow', { label: row.label })}
                              onChange={() => edit(() => setRowInSynthesis(doc, row.id, false))}
                            />
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </section>
      ))}
      {!readOnly && excludedRows.length > 0 && (
        <section className="synthesis-excluded no-print" aria-labelledby="synthesis-excluded">
          <h3 id="synthesis-excluded">{t('synthesis.excluded')}</h3>
          <ul>
            {excludedRows.map((row) => (
              <li key={row.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={false}
                    onChange={() => edit(() => setRowInSynthesis(doc, row.id, true))}
                  />{' '}
                  {numbers.get(row.domainId)} {row.label}
                </label>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
