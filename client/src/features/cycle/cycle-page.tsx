import { useCallback, useEffect, useMemo, useState } from 'react';
import { NO_FILTER, type GridFilter } from '@pilotis/shared';
import { api, type Cycle } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useCycleDoc, type SyncStatus } from '../../collab/use-cycle-doc.ts';
import { useCycleModel } from '../../collab/use-cycle-model.ts';
import { useUndo } from '../../collab/use-undo.ts';
import { DeletedRowNotice } from '../trash/deleted-row-notice.tsx';
import { SessionEndedBanner } from '../session/session-ended-banner.tsx';
import { TrashDialog } from '../trash/trash-dialog.tsx';
import { RowRestoreDialog } from '../versions/row-restore-dialog.tsx';
import { GridView } from '../grid/grid-view.tsx';
import { GridToolbar } from '../grid/grid-toolbar.tsx';
import { RowPanel } from '../grid/row-panel.tsx';
import { GridContext } from '../grid/grid-context.ts';
import { ParticipantsBar } from '../presence/participants-bar.tsx';
import { usePresence } from '../presence/use-presence.ts';
import { colorFor, type Identity } from '../presence/identity.ts';
import { useSession } from '../../app/session.tsx';
import { ExportMenu } from '../files/files.tsx';
import { ErrorBoundary } from '../../app/error-boundary.tsx';
import { can } from '@pilotis/shared';
import { errorMessage } from '../home/home-page.tsx';
import { CYCLE_VIEWS } from './cycle-views.tsx';
import { OutdatedBanner } from '../sections/outdated-banner.tsx';
import { LimitBanner } from './limit-banner.tsx';
import { stopsSending } from '../../collab/collab-limits.ts';
import { PresentationView } from '../presentation/presentation-view.tsx';
import { useCommentsLive } from '../comments/threads-store.ts';
import { CommentsSidePanel } from '../comments/comments-panel.tsx';
import { SetupPrompt, useOwnQualite } from '../setup/setup-view.tsx';
import { countRender } from '../../lib/render-count.ts';

/** The cycle workspace; `view` is the path segment after the cycle id ('' for the grid). */
export function CyclePage({ cycleId, view }: { cycleId: string; view: string }) {
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
  return <CycleWorkspace cycle={cycle} view={view} />;
}

function StatusIndicator({ status, pending }: { status: SyncStatus; pending: number }) {
  const { t, formatNumber } = useI18n();
  return (
    <p
      className={`sync-status sync-${status}`}
      role="status"
      aria-live="polite"
      data-status={status}
    >
      <span className="dot" aria-hidden="true" />
      {t(`status.${status}`)}
      {pending > 0 && status !== 'saved' && (
        <span className="sync-pending" data-pending={pending}>
          {' — '}
          {t(pending === 1 ? 'offline.pendingOne' : 'offline.pending', {
            count: formatNumber(pending),
          })}
        </span>
      )}
    </p>
  );
}

function CycleWorkspace({ cycle, view }: { cycle: Cycle; view: string }) {
  countRender('CycleWorkspace');
  const { t } = useI18n();
  const { me } = useSession();
  const { doc, provider, ready, status, error, pending, reconnect, limit, discardLocal } =
    useCycleDoc(cycle.documentName, me?.user.id ?? 'anonyme');
  const model = useCycleModel(ready ? doc : null);
  const role = cycle.role ?? null;
  // ── sections (issue 11) ── a client built for older schemas stays read-only.
  const readOnly = !can(role, 'cycle.edit') || error === 'outdated' || stopsSending(limit); // ── issue 18 ──
  const qualite = useOwnQualite(cycle.organisationId, me?.user.id);
  const identity = useMemo<Identity | null>(
    () =>
      me
        ? { id: me.user.id, name: me.user.name, color: colorFor(me.user.id), role, qualite }
        : null,
    [me, role, qualite],
  );
  const { participants, setCell, setViewRow } = usePresence(provider, identity);
  useCommentsLive(cycle.id, provider);
  const { canUndo, canRedo, undo: undoStep, redo, edit, stopCapturing } = useUndo(doc);
  const [trashOpen, setTrashOpen] = useState(false);
  // « Restaurer depuis une version… » (issue 13): pilotes only; the server refuses anyone else.
  const [rowRestore, setRowRestore] = useState<{ rowId: string; place: string } | null>(null);
  const canRestoreRow = can(role, 'cycle.freeze') && !readOnly;
  const openRowRestore = useCallback(
    (rowId: string, place: string) => setRowRestore({ rowId, place }),
    [],
  );
  const [filter, setFilter] = useState<GridFilter>(NO_FILTER);
  const [following, setFollowing] = useState<number | null>(null);
  const [panelRowId, setPanelRowId] = useState<string | null>(null);
  const [presenting, setPresenting] = useState(false);
  const [toast, setToast] = useState<{ message: string; undoable: boolean; id: number } | null>(
    null,
  );
  const announce = useCallback(
    (message: string, undoable = false) => setToast({ message, undoable, id: Date.now() }),
    [],
  );
  // Undone, however (Ctrl+Z, the toolbar, the toast): "Ligne supprimée — Annuler" has done its job.
  const undo = useCallback(() => {
    undoStep();
    setToast((current) => (current?.undoable ? null : current));
  }, [undoStep]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presenting);
    if (!presenting) return;
    const handleKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) setPresenting(false);
    };
    window.addEventListener('keydown', handleKey);
    return () => {
      window.removeEventListener('keydown', handleKey);
      document.documentElement.classList.remove('presenting');
    };
  }, [presenting]);

  // Stop following someone who left.
  useEffect(() => {
    if (following !== null && !participants.some((p) => p.clientId === following))
      setFollowing(null);
  }, [participants, following]);

  // Links from the checklist (actions, issue 14): ?ligne=<rowId> opens that row's side panel,
  // ?theme=<themeId> shows that theme only.
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const rowId = params.get('ligne');
    const themeId = params.get('theme');
    if (rowId) setPanelRowId(rowId);
    if (themeId) setFilter({ ...NO_FILTER, themeIds: [themeId] });
  }, [view]);

  const closePanel = useCallback(() => setPanelRowId(null), []);
  const stopPresenting = useCallback(() => setPresenting(false), []);
  const currentView = CYCLE_VIEWS.find((item) => item.path === view) ?? null;

  // The colour assigned in this cycle (unique among those present), else the preferred one.
  const selfColor = participants.find((p) => p.self)?.user.color;
  const authorName = identity?.name ?? '?';
  const authorColor = identity ? (selfColor ?? identity.color) : '#888';
  // Stable while name and colour stay (the grid's context, hence every line, depends on it).
  const author = useMemo(
    () => ({ name: authorName, color: authorColor }),
    [authorName, authorColor],
  );

  // A session that ends keeps the page (see the banner below); a missing cycle does not.
  if (error === 'not-found') {
    return (
      <main id="content" className="page">
        <div role="alert" className="notice notice-error">
          <p>{t('cycle.notFound')}</p>
          <Link href="/">{t('common.back')}</Link>
        </div>
      </main>
    );
  }

  const followedName = participants.find((p) => p.clientId === following)?.user.name;

  return (
    <main id="content" className={`page cycle${presenting ? ' presenting' : ''}`}>
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
          <p className="badge">
            {t('cycle.stage', { stage: t(`stage.${model?.meta.stage ?? cycle.stage}`) })}
          </p>
          {readOnly && (
            <p className="badge badge-muted" role="note">
              {t('cycle.readOnly', { role: role ? t(`role.${role}`) : '' })}
            </p>
          )}
        </div>
        <div className="cycle-actions">
          {/* Signed out, nothing is being saved: say it is kept on this device (the banner says more). */}
          <StatusIndicator status={error === 'signed-out' ? 'offline' : status} pending={pending} />
          <ExportMenu
            cycleId={cycle.id}
            role={role}
            importTarget={doc && ready ? { doc, edit } : null}
          />
        </div>
      </header>
      {error === 'outdated' && <OutdatedBanner />}
      {error === 'signed-out' && (
        <SessionEndedBanner
          doc={doc}
          pending={pending}
          title={t('cycle.title', {
            year: cycle.year,
            organisation: model?.meta.organisationName ?? '',
          })}
          year={cycle.year}
          onSignedIn={reconnect}
        />
      )}
      <LimitBanner limit={limit} discardLocal={discardLocal} />
      <ParticipantsBar participants={participants} following={following} onFollow={setFollowing} />
      {followedName && (
        <p className="following-banner" role="status">
          {t('presence.following', { name: followedName })}{' '}
          <button type="button" onClick={() => setFollowing(null)}>
            {t('presence.unfollow')}
          </button>
        </p>
      )}
      {CYCLE_VIEWS.length > 0 && !presenting && (
        <nav className="cycle-tabs" aria-label={t('cycle.views')}>
          <Link href={`/cycles/${cycle.id}`} aria-current={currentView ? undefined : 'page'}>
            {t('cycle.view.grid')}
          </Link>
          {CYCLE_VIEWS.map((item) => (
            <Link
              key={item.path}
              href={`/cycles/${cycle.id}/${item.path}`}
              aria-current={item === currentView ? 'page' : undefined}
            >
              {t(item.label)}
            </Link>
          ))}
        </nav>
      )}
      {!model || !doc ? (
        <p role="status">{t('common.loading')}</p>
      ) : presenting ? (
        <PresentationView
          model={model}
          presenter={author.name}
          onExit={stopPresenting}
          onViewRowChange={setViewRow}
        />
      ) : currentView ? (
        currentView.render({
          cycle,
          doc,
          provider,
          model,
          role,
          readOnly,
          author,
          participants,
          following,
          edit,
          announce,
        })
      ) : (
        <>
          <SetupPrompt doc={doc} model={model} />
          <GridToolbar
            model={model}
            filter={filter}
            onFilter={setFilter}
            canUndo={canUndo}
            canRedo={canRedo}
            onUndo={undo}
            onRedo={redo}
            onPresent={() => setPresenting(true)}
            readOnly={readOnly}
            onOpenTrash={() => setTrashOpen(true)}
          />
          {trashOpen && (
            <TrashDialog
              doc={doc}
              edit={edit}
              readOnly={readOnly}
              onClose={() => setTrashOpen(false)}
              onRestoreFromVersion={
                canRestoreRow
                  ? (rowId, place) => {
                      setTrashOpen(false);
                      setRowRestore({ rowId, place });
                    }
                  : undefined
              }
            />
          )}
          {rowRestore && (
            <RowRestoreDialog
              cycleId={cycle.id}
              rowId={rowRestore.rowId}
              place={rowRestore.place}
              live={model}
              doc={doc}
              onClose={() => setRowRestore(null)}
            />
          )}
          {!readOnly && <DeletedRowNotice doc={doc} edit={edit} />}
          <div className={`workspace${panelRowId ? ' with-panel' : ''}`}>
            <ErrorBoundary message={t('cycle.renderError')} action={t('common.retry')}>
              <GridView
                doc={doc}
                model={model}
                filter={filter}
                edit={edit}
                undo={undo}
                redo={redo}
                author={author}
                participants={participants}
                following={following}
                readOnly={readOnly}
                onCellChange={setCell}
                onCellLeave={stopCapturing}
                onViewRowChange={setViewRow}
                openPanel={setPanelRowId}
                announce={announce}
                restoreRow={canRestoreRow ? openRowRestore : undefined}
              />
            </ErrorBoundary>
            {panelRowId && (
              <GridContext.Provider
                value={{
                  doc,
                  edit,
                  author,
                  presenceByCell: new Map(),
                  readOnly,
                  openPanel: setPanelRowId,
                  focusCell: () => {},
                  focusNextLine: () => {},
                  active: { key: '', col: 0 },
                  announce,
                }}
              >
                <RowPanel model={model} rowId={panelRowId} onClose={closePanel} />
              </GridContext.Provider>
            )}
            <CommentsSidePanel cycle={cycle} model={model} role={role} />
          </div>
        </>
      )}
      <div className="toast-region" role="status" aria-live="polite">
        {toast && (
          <p className="toast" key={toast.id}>
            {toast.message}
            {toast.undoable && (
              <button
                type="button"
                onClick={() => {
                  undo();
                  setToast(null);
                }}
              >
                {t('toolbar.undo')}
              </button>
            )}
          </p>
        )}
      </div>
    </main>
  );
}
