/**
 * A frozen version on screen: a banner naming it (label, stage, date, fingerprints, downloads of
 * the stored files) and the same steering grid as the live cycle, read-only for everyone. Used in
 * the cycle workspace and by the public link page.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { NO_FILTER, type CycleModel, type Stage } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBoundary } from '../../app/error-boundary.tsx';
import { GridView } from '../grid/grid-view.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { shortHash, type VersionKind } from './versions-api.ts';
import './versions.css';

const noop = () => {};

export const dateTimeFr = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
});

/** The version's document, loaded once (a frozen state never changes). */
export function useFrozenState(
  load: () => Promise<{ doc: Y.Doc; model: CycleModel }>,
  key: string,
) {
  const { t } = useI18n();
  const [state, setState] = useState<{ doc: Y.Doc; model: CycleModel } | { error: string } | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    setState(null);
    load().then(
      (loaded) => {
        if (live) setState(loaded);
        else loaded.doc.destroy();
      },
      (caught: unknown) => {
        if (live) setState({ error: errorMessage(caught, t) });
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload only when the version changes
  }, [key]);
  return state;
}

export interface BannerVersion {
  label: string;
  stage: Stage;
  createdAt: string;
  hash: string;
  xlsxHash: string;
  pdfHash: string;
  /** False for an automatic version: its files are rendered from its document when downloaded. */
  filesStored: boolean;
  kind?: VersionKind;
  createdBy?: string | null;
  publicLink?: boolean;
}

/** Label, stage, date, fingerprints and downloads of a frozen version. */
export function VersionBanner({
  version,
  files,
  children,
}: {
  version: BannerVersion;
  files: { xlsx: string; pdf: string; docx?: string };
  children?: ReactNode;
}) {
  const { t } = useI18n();
  // An automatic version (checkpoint, before a restore) stores the document only; its files are
  // rendered from it when downloaded, so they have no stored fingerprint.
  const fingerprints: [string, string][] = [
    [t('versions.partState'), version.hash],
    ...(!version.filesStored
      ? []
      : ([
          [t('versions.partXlsx'), version.xlsxHash],
          [t('versions.partPdf'), version.pdfHash],
        ] as [string, string][])),
  ];
  return (
    <section className="version-banner" aria-label={t('versions.bannerLabel')}>
      <p className="version-banner-title">
        <strong>{version.label}</strong>{' '}
        <span className="badge">{t(`stage.${version.stage}`)}</span>{' '}
        {version.kind && version.kind !== 'named' && (
          <span className="badge badge-muted">{t(`versions.kind.${version.kind}`)}</span>
        )}{' '}
        {version.publicLink && (
          <span className="badge badge-public" role="note">
            {t('versions.publicActive')}
          </span>
        )}
      </p>
      <p className="version-banner-meta">
        {t('versions.frozenOn', { date: dateTimeFr.format(new Date(version.createdAt)) })}
        {version.createdBy ? ` — ${version.createdBy}` : ''} · {t('versions.readOnly')}
      </p>
      <p className="version-banner-files">
        <a href={files.xlsx}>{t('versions.downloadXlsx')}</a> ·{' '}
        <a href={files.pdf}>{t('versions.downloadPdf')}</a>
        {files.docx && (
          <>
            {' · '}
            <a href={files.docx}>{t('versions.downloadDocx')}</a>
          </>
        )}
      </p>
      <details className="version-fingerprints">
        <summary>{t('versions.fingerprints')}</summary>
        <p className="hint">{t('versions.fingerprintsHint')}</p>
        {!version.filesStored && <p className="hint">{t('versions.filesOnRequest')}</p>}
        <dl>
          {fingerprints.map(([label, hash]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                <code title={hash} data-hash={hash}>
                  {shortHash(hash)}…
                </code>
              </dd>
            </div>
          ))}
        </dl>
      </details>
      {children}
    </section>
  );
}

/** The steering grid of a frozen document, read-only. */
export function FrozenGrid({ doc, model }: { doc: Y.Doc; model: CycleModel }) {
  const { t } = useI18n();
  return (
    <div className="workspace frozen-grid">
      <ErrorBoundary message={t('cycle.renderError')} action={t('common.retry')}>
        <GridView
          doc={doc}
          model={model}
          filter={NO_FILTER}
          edit={noop}
          undo={noop}
          redo={noop}
          author={{ name: '', color: '#6B7280' }}
          participants={[]}
          following={null}
          readOnly
          onCellChange={noop}
          onCellLeave={noop}
          onViewRowChange={noop}
          openPanel={noop}
          announce={noop}
        />
      </ErrorBoundary>
    </div>
  );
}
