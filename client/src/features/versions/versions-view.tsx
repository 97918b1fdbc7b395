/**
 * The "Versions" view of a cycle: the timeline (the five stages in order with the versions frozen
 * at each, the automatic checkpoints on request), moving to the next stage (which proposes to
 * freeze a version first), and, for one version, reading it, comparing it and restoring it.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { can, STAGES, type Stage } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { dateTimeFr } from './frozen-version.tsx';
import { VersionPage } from './version-page.tsx';
import { versionsApi, type Version } from './versions-api.ts';

/** The version shown, kept in the address (?version=…) so that it can be shared and reloaded. */
function useSelectedVersion(): [string | null, (id: string | null) => void] {
  const read = () => new URLSearchParams(window.location.search).get('version');
  const [selected, setSelected] = useState<string | null>(read);
  useEffect(() => {
    const update = () => setSelected(read());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  const select = useCallback((id: string | null) => {
    const url = new URL(window.location.href);
    if (id) url.searchParams.set('version', id);
    else url.searchParams.delete('version');
    window.history.pushState(null, '', url);
    setSelected(id);
  }, []);
  return [selected, select];
}

export function VersionsView({ context }: { context: CycleViewContext }) {
  const { t } = useI18n();
  const { cycle, role, model } = context;
  const [selected, select] = useSelectedVersion();
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [checkpoints, setCheckpoints] = useState<Version[] | null>(null);
  const [showCheckpoints, setShowCheckpoints] = useState(false);
  const [error, setError] = useState('');
  const [advancing, setAdvancing] = useState(false);

  const load = useCallback(async () => {
    try {
      setVersions(await versionsApi.list(cycle.id));
      setError('');
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  }, [cycle.id, t]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!showCheckpoints) return;
    versionsApi.list(cycle.id, true).then(
      (all) => setCheckpoints(all.filter((version) => version.kind === 'checkpoint')),
      (caught: unknown) => setError(errorMessage(caught, t)),
    );
  }, [showCheckpoints, cycle.id, t]);

  if (selected)
    return (
      <VersionPage
        key={selected}
        versionId={selected}
        context={context}
        onBack={() => {
          select(null);
          void load();
        }}
      />
    );

  const stage = model.meta.stage;
  const next = STAGES[STAGES.indexOf(stage) + 1] ?? null;
  const byStage = (item: Stage) =>
    (versions ?? [])
      .filter((version) => version.stage === item)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  return (
    <section className="versions-view" aria-labelledby="versions-title">
      <header className="versions-header">
        <h2 id="versions-title">{t('versions.timeline')}</h2>
        {can(role, 'cycle.freeze') && next && (
          <button type="button" className="primary" onClick={() => setAdvancing(true)}>
            {t('versions.nextStage', { stage: t(`stage.${next}`) })}
          </button>
        )}
      </header>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {advancing && next && (
        <NextStageForm
          cycleId={cycle.id}
          next={next}
          onDone={() => {
            setAdvancing(false);
            void load();
          }}
          onCancel={() => setAdvancing(false)}
        />
      )}
      {!versions ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <ol className="timeline">
          {STAGES.map((item) => (
            <li
              key={item}
              className={`timeline-stage${item === stage ? ' current' : ''}`}
              aria-current={item === stage ? 'step' : undefined}
            >
              <h3>
                {t(`stage.${item}`)}
                {item === stage && <span className="badge">{t('versions.currentStage')}</span>}
              </h3>
              {byStage(item).length === 0 ? (
                <p className="empty">{t('versions.noneAtStage')}</p>
              ) : (
                <ul className="plain-list">
                  {byStage(item).map((version) => (
                    <VersionItem key={version.id} version={version} onOpen={select} />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      <details
        className="checkpoints"
        onToggle={(event) => setShowCheckpoints((event.target as HTMLDetailsElement).open)}
      >
        <summary>{t('versions.checkpoints')}</summary>
        <p className="hint">{t('versions.checkpointsHint')}</p>
        {!checkpoints ? (
          <p role="status">{t('common.loading')}</p>
        ) : checkpoints.length === 0 ? (
          <p className="empty">{t('versions.noCheckpoints')}</p>
        ) : (
          <ul className="plain-list">
            {checkpoints.map((version) => (
              <VersionItem key={version.id} version={version} onOpen={select} />
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}

function VersionItem({ version, onOpen }: { version: Version; onOpen(id: string): void }) {
  const { t } = useI18n();
  return (
    <li className="version-item" data-version-id={version.id}>
      <button type="button" className="link-button" onClick={() => onOpen(version.id)}>
        {version.label}
      </button>{' '}
      <span className="muted">
        {dateTimeFr.format(new Date(version.createdAt))}
        {version.createdBy ? ` — ${version.createdBy}` : ''}
      </span>{' '}
      {version.kind !== 'named' && (
        <span className="badge badge-muted">{t(`versions.kind.${version.kind}`)}</span>
      )}{' '}
      {version.publicLink && (
        <span className="badge badge-public">{t('versions.publicActive')}</span>
      )}
    </li>
  );
}

/** Moving to the next stage proposes to freeze the current state as a named version first. */
function NextStageForm({
  cycleId,
  next,
  onDone,
  onCancel,
}: {
  cycleId: string;
  next: Stage;
  onDone(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [freezeFirst, setFreezeFirst] = useState(true);
  const [label, setLabel] = useState(() =>
    t('versions.defaultLabel', {
      stage: t(`stage.${next}`),
      date: new Intl.DateTimeFormat('fr-FR').format(new Date()),
    }),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (freezeFirst) await versionsApi.freeze(cycleId, label.trim(), next);
      else await versionsApi.moveStage(cycleId, next);
      onDone();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="next-stage card" onSubmit={submit} aria-label={t('versions.nextStageTitle')}>
      <p>{t('versions.nextStageIntro', { stage: t(`stage.${next}`) })}</p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={freezeFirst}
          onChange={(event) => setFreezeFirst(event.target.checked)}
        />
        {t('versions.freezeFirst')}
      </label>
      {freezeFirst && (
        <label>
          {t('files.versionLabel')}
          <input
            value={label}
            maxLength={200}
            required
            onChange={(event) => setLabel(event.target.value)}
          />
        </label>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || (freezeFirst && !label.trim())}>
          {busy ? t('files.freezing') : t('versions.confirmNextStage')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
