/**
 * The page a public link opens (/public/:token), for AG members and employees without an
 * account: that version's banner, downloads, read-only grid and texts, and nothing else — no live
 * cycle, no other version, no comments, no way to write.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { FrozenGrid, useFrozenState, VersionBanner } from './frozen-version.tsx';
import { FrozenTexts } from './frozen-texts.tsx';
import { publicFile, versionsApi, type PublicVersion } from './versions-api.ts';

export function PublicVersionPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [version, setVersion] = useState<PublicVersion | { error: string } | null>(null);
  const [tab, setTab] = useState<'read' | 'texts'>('read');
  const frozen = useFrozenState(() => versionsApi.publicState(token), token);

  useEffect(() => {
    versionsApi
      .publicVersion(token)
      .then(setVersion, (caught: unknown) => setVersion({ error: errorMessage(caught, t) }));
  }, [token, t]);

  if (!version || (!('error' in version) && !frozen))
    return (
      <main id="content" className="page">
        <p role="status">{t('common.loading')}</p>
      </main>
    );
  const failure =
    'error' in version ? version.error : frozen && 'error' in frozen ? frozen.error : '';
  if (failure || 'error' in version || !frozen || 'error' in frozen)
    return (
      <main id="content" className="page">
        <div role="alert" className="notice notice-error">
          <p>{failure}</p>
        </div>
      </main>
    );

  return (
    <main id="content" className="page cycle public-version">
      <header className="cycle-header">
        <div>
          <h1>
            {t('cycle.title', { year: version.year, organisation: version.organisationName })}
          </h1>
          <p className="hint">{t('versions.publicIntro')}</p>
        </div>
      </header>
      <VersionBanner
        version={version}
        files={{ xlsx: publicFile(token, 'xlsx'), pdf: publicFile(token, 'pdf') }}
      />
      <div className="cycle-tabs" role="tablist" aria-label={t('versions.tabs')}>
        {(['read', 'texts'] as const).map((item) => (
          <button
            key={item}
            id={`public-tab-${item}`}
            type="button"
            role="tab"
            aria-selected={tab === item}
            aria-controls="public-tabpanel"
            onClick={() => setTab(item)}
          >
            {t(`versions.tab.${item}`)}
          </button>
        ))}
      </div>
      <div id="public-tabpanel" role="tabpanel" aria-labelledby={`public-tab-${tab}`}>
        {tab === 'read' ? (
          <FrozenGrid doc={frozen.doc} model={frozen.model} />
        ) : (
          <FrozenTexts model={frozen.model} />
        )}
      </div>
    </main>
  );
}
