/**
 * One version inside the cycle workspace: its banner and read-only grid, what changed since
 * (compared with now or another version), restoring it (pilote), its public links (pilote) and,
 * for an AG or réunion des salariés version, the meeting record.
 */
import { useCallback, useEffect, useState } from 'react';
import { can, type RestoreScope } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { ComparePanel } from './compare-panel.tsx';
import { FrozenGrid, useFrozenState, VersionBanner, dateTimeFr } from './frozen-version.tsx';
import { FrozenTexts, FrozenThreads } from './frozen-texts.tsx';
import { RecordPanel } from './record-panel.tsx';
import { versionFile, versionsApi, type PublicLink, type Version } from './versions-api.ts';

type Tab = 'read' | 'texts' | 'threads' | 'compare' | 'record';

export function VersionPage({
  versionId,
  context,
  onBack,
}: {
  versionId: string;
  context: CycleViewContext;
  onBack(): void;
}) {
  const { t } = useI18n();
  const [version, setVersion] = useState<Version | null>(null);
  const [error, setError] = useState('');
  const [tab, setTab] = useState<Tab>('read');
  const frozen = useFrozenState(() => versionsApi.state(versionId), versionId);
  const pilote = can(context.role, 'cycle.freeze');

  const reload = useCallback(() => {
    versionsApi
      .get(versionId)
      .then(setVersion, (caught: unknown) => setError(errorMessage(caught, t)));
  }, [versionId, t]);
  useEffect(reload, [reload]);

  if (error)
    return (
      <div role="alert" className="notice notice-error">
        <p>{error}</p>
        <button type="button" onClick={onBack}>
          {t('versions.backToTimeline')}
        </button>
      </div>
    );
  if (!version || !frozen) return <p role="status">{t('common.loading')}</p>;
  if ('error' in frozen)
    return (
      <p role="alert" className="field-error">
        {frozen.error}
      </p>
    );

  return (
    <section className="version-page" aria-label={version.label}>
      <p>
        <button type="button" className="link-button" onClick={onBack}>
          ← {t('versions.backToTimeline')}
        </button>
      </p>
      <VersionBanner
        version={version}
        files={{
          xlsx: versionFile(version.id, 'xlsx'),
          pdf: versionFile(version.id, 'pdf'),
          ...(version.docx ? { docx: versionFile(version.id, 'docx') } : {}),
        }}
      >
        {pilote && (
          <div className="version-actions">
            <RestoreControl version={version} context={context} />
            <LinksControl version={version} onChange={reload} />
          </div>
        )}
      </VersionBanner>
      <div className="cycle-tabs" role="tablist" aria-label={t('versions.tabs')}>
        {(['read', 'texts', 'threads', 'compare', 'record'] as const).map((item) => (
          <button
            key={item}
            id={`version-tab-${item}`}
            type="button"
            role="tab"
            aria-selected={tab === item}
            aria-controls="version-tabpanel"
            onClick={() => setTab(item)}
          >
            {t(`versions.tab.${item}`)}
          </button>
        ))}
      </div>
      <div id="version-tabpanel" role="tabpanel" aria-labelledby={`version-tab-${tab}`}>
        {tab === 'read' && <FrozenGrid doc={frozen.doc} model={frozen.model} />}
        {tab === 'texts' && <FrozenTexts model={frozen.model} />}
        {tab === 'threads' && <FrozenThreads versionId={version.id} />}
        {tab === 'compare' && (
          <ComparePanel
            version={version}
            cycleId={context.cycle.id}
            model={frozen.model}
            restoreInto={
              pilote && !context.readOnly ? { model: context.model, doc: context.doc } : undefined
            }
          />
        )}
        {tab === 'record' && (
          <RecordPanel version={version} editable={pilote} model={frozen.model} />
        )}
      </div>
    </section>
  );
}

/** Restore the whole version, one theme or one row, after a confirmation naming what happens. */
function RestoreControl({ version, context }: { version: Version; context: CycleViewContext }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<string>('all');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      const [kind, id] = scope.split(':') as ['all' | 'theme' | 'row', string | undefined];
      const chosen: RestoreScope = kind === 'all' ? { kind } : { kind, id: id! };
      await versionsApi.restore(version.id, chosen);
      setOpen(false);
      setMessage(t('versions.restored'));
      context.announce(t('versions.restored'));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="restore">
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {t('versions.restore')}
        </button>
      ) : (
        <div className="card" role="group" aria-label={t('versions.restoreTitle')}>
          <p>{t('versions.restoreIntro')}</p>
          <label>
            {t('versions.restoreScope')}
            <select value={scope} onChange={(event) => setScope(event.target.value)}>
              <option value="all">{t('versions.scopeAll')}</option>
              {context.model.themes.map((theme) => (
                <option key={theme.id} value={`theme:${theme.id}`}>
                  {t('versions.scopeTheme', { number: theme.number, title: theme.title })}
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>
              {busy ? t('versions.restoring') : t('versions.confirmRestore')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <div role="status" aria-live="polite">
        {message && <p>{message}</p>}
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The version's public links: create (optionally expiring), copy, see openings, revoke. */
function LinksControl({ version, onChange }: { version: Version; onChange(): void }) {
  const { t } = useI18n();
  const [links, setLinks] = useState<PublicLink[] | null>(null);
  const [created, setCreated] = useState<string>('');
  const [expiry, setExpiry] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(() => {
    versionsApi
      .links(version.id)
      .then(setLinks, (caught: unknown) => setError(errorMessage(caught, t)));
  }, [version.id, t]);
  useEffect(load, [load]);

  const create = async () => {
    setError('');
    try {
      const expiresAt = expiry ? new Date(`${expiry}T23:59:59`).toISOString() : undefined;
      const link = await versionsApi.createLink(version.id, expiresAt);
      setCreated(link.url);
      load();
      onChange();
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };
  const revoke = async (id: string) => {
    try {
      await versionsApi.revokeLink(id);
      setCreated('');
      load();
      onChange();
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };
  const active = (links ?? []).filter(
    (link) => !link.revoked && (!link.expiresAt || new Date(link.expiresAt) > new Date()),
  );

  return (
    <details className="public-links">
      <summary>{t('versions.publicLinks', { count: active.length })}</summary>
      <p className="hint">{t('versions.publicHint')}</p>
      <div className="row">
        <label>
          {t('versions.expiresOn')}
          <input type="date" value={expiry} onChange={(event) => setExpiry(event.target.value)} />
        </label>
        <button type="button" onClick={() => void create()}>
          {t('versions.createLink')}
        </button>
      </div>
      {created && (
        <p>
          <label>
            {t('versions.linkCreated')}
            <input readOnly value={created} onFocus={(event) => event.target.select()} />
          </label>
        </p>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <ul className="plain-list">
        {active.map((link) => (
          <li key={link.id}>
            {t('versions.linkInfo', {
              created: dateTimeFr.format(new Date(link.createdAt)),
              count: link.openCount,
            })}
            {link.lastOpenedAt &&
              ` — ${t('versions.lastOpened', { date: dateTimeFr.format(new Date(link.lastOpenedAt)) })}`}
            {link.expiresAt &&
              ` — ${t('versions.expires', { date: dateTimeFr.format(new Date(link.expiresAt)) })}`}{' '}
            <button type="button" onClick={() => void revoke(link.id)}>
              {t('versions.revoke')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
