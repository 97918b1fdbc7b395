import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import {
  domainNumbers,
  rowText,
  type CycleModel,
  type Domain,
  type Row,
  type RowTextField,
  type Theme,
} from '@pilotis/shared';
import { api, type Cycle } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useCycleDoc, type SyncStatus } from '../../collab/use-cycle-doc.ts';
import { useCycleModel } from '../../collab/use-cycle-model.ts';
import { CollabText } from '../../collab/collab-text.tsx';
import { errorMessage } from '../home/home-page.tsx';

export function CyclePage({ cycleId }: { cycleId: string }) {
  const { t } = useI18n();
  const [cycle, setCycle] = useState<Cycle | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let cancelled = false;
    api
      .getCycle(cycleId)
      .then((found) => !cancelled && setCycle(found))
      .catch((caught: unknown) => !cancelled && setError(errorMessage(caught, t)));
    return () => {
      cancelled = true;
    };
  }, [cycleId, t]);

  if (error) {
    return (
      <main id="content" className="page">
        <div role="alert" className="notice notice-error">
          <p>{error}</p>
          <Link href="/">{t('common.back')}</Link>
        </div>
      </main>
    );
  }
  if (!cycle) {
    return (
      <main id="content" className="page">
        <p role="status">{t('common.loading')}</p>
      </main>
    );
  }
  return <CycleWorkspace cycle={cycle} />;
}

function StatusIndicator({ status }: { status: SyncStatus }) {
  const { t } = useI18n();
  return (
    <p
      className={`sync-status sync-${status}`}
      role="status"
      aria-live="polite"
      data-status={status}
    >
      <span className="dot" aria-hidden="true" />
      {t(`status.${status}`)}
    </p>
  );
}

function CycleWorkspace({ cycle }: { cycle: Cycle }) {
  const { t } = useI18n();
  const { doc, ready, status, error } = useCycleDoc(cycle.documentName);
  const model = useCycleModel(ready ? doc : null);

  if (error) {
    return (
      <main id="content" className="page">
        <div role="alert" className="notice notice-error">
          <p>{t(error === 'outdated' ? 'cycle.outdated' : 'cycle.notFound')}</p>
          {error === 'outdated' ? (
            <button type="button" onClick={() => window.location.reload()}>
              {t('cycle.reload')}
            </button>
          ) : (
            <Link href="/">{t('common.back')}</Link>
          )}
        </div>
      </main>
    );
  }

  return (
    <main id="content" className="page cycle">
      <header className="cycle-header">
        <div>
          <p className="breadcrumb">
            <Link href="/">{t('common.back')}</Link>
          </p>
          <h1>
            {t('cycle.title', {
              year: cycle.year,
              organisation: model?.meta.organisationName ?? '',
            })}
          </h1>
          <p className="badge">{t('cycle.stage', { stage: t(`stage.${cycle.stage}`) })}</p>
        </div>
        <StatusIndicator status={status} />
      </header>
      {!model || !doc ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <CycleGrid doc={doc} model={model} />
      )}
    </main>
  );
}

const TEXT_COLUMNS: {
  field: RowTextField;
  label: 'grid.label' | 'grid.baseline' | 'grid.target1y' | 'grid.target3y';
}[] = [
  { field: 'label', label: 'grid.label' },
  { field: 'baseline', label: 'grid.baseline' },
  { field: 'target1y', label: 'grid.target1y' },
  { field: 'target3y', label: 'grid.target3y' },
];

function CycleGrid({ doc, model }: { doc: Y.Doc; model: CycleModel }) {
  const numbers = useMemo(
    () => domainNumbers(model.themes, model.domains),
    [model.themes, model.domains],
  );
  return (
    <div className="themes">
      {model.themes.map((theme) => (
        <ThemeSection
          key={theme.id}
          doc={doc}
          theme={theme}
          domains={model.domains.filter((domain) => domain.themeId === theme.id)}
          rows={model.rows}
          numbers={numbers}
        />
      ))}
    </div>
  );
}

function ThemeSection({
  doc,
  theme,
  domains,
  rows,
  numbers,
}: {
  doc: Y.Doc;
  theme: Theme;
  domains: Domain[];
  rows: Row[];
  numbers: Map<string, string>;
}) {
  const { t } = useI18n();
  const themeRows = rows.filter((row) => domains.some((domain) => domain.id === row.domainId));
  const quanti = themeRows.filter((row) => row.nature === 'quantitative').length;
  const headingId = `theme-${theme.id}`;
  return (
    <section
      className={`theme${theme.retained ? '' : ' theme-dropped'}`}
      aria-labelledby={headingId}
    >
      <header className="theme-header">
        <h2 id={headingId}>
          <span className="theme-number">{t('cycle.themeNumber', { number: theme.number })}</span>{' '}
          {theme.title}
        </h2>
        <p className="theme-meta">
          {themeRows.length === 1
            ? t('cycle.rowsOne')
            : t('cycle.rows', { count: themeRows.length })}{' '}
          · {t('cycle.balance', { quali: themeRows.length - quanti, quanti })}
          {!theme.retained && <span className="badge badge-muted">{t('cycle.notRetained')}</span>}
        </p>
      </header>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col" className="col-domain">
              {t('grid.domain')}
            </th>
            {TEXT_COLUMNS.map((column) => (
              <th scope="col" key={column.field}>
                {t(column.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {domains.map((domain) => {
            const domainRows = themeRows.filter((row) => row.domainId === domain.id);
            const number = numbers.get(domain.id) ?? '';
            return domainRows.map((row, index) => (
              <tr key={row.id} data-row-id={row.id} className={row.treated ? '' : 'row-untreated'}>
                {index === 0 && (
                  <th scope="rowgroup" rowSpan={domainRows.length} className="col-domain">
                    <span className="domain-number">{number}</span> {domain.title}
                  </th>
                )}
                {TEXT_COLUMNS.map((column) => (
                  <td key={column.field} data-field={column.field}>
                    <CollabText
                      text={rowText(doc, row.id, column.field)}
                      aria-label={t('grid.cellName', {
                        column: t(column.label),
                        domain: number,
                        index: index + 1,
                      })}
                      className="cell-text"
                    />
                    {column.field === 'label' && !row.treated && (
                      <p className="untreated-reason">
                        <strong>{t('cycle.rowNotTreated')}</strong> — {row.notTreatedReason}
                      </p>
                    )}
                  </td>
                ))}
              </tr>
            ));
          })}
        </tbody>
      </table>
    </section>
  );
}
