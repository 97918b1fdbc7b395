/**
 * Shown when the server refused this client because it was built for older schemas: the page
 * stays read-only (nothing local is pushed) until the person reloads.
 */
import { useI18n } from '../../i18n/i18n.tsx';

export function OutdatedBanner() {
  const { t } = useI18n();
  return (
    <div role="alert" className="notice notice-error outdated-banner" data-testid="outdated">
      <p>
        {t('sections.outdated')} —{' '}
        <button type="button" onClick={() => window.location.reload()}>
          {t('sections.outdatedReload')}
        </button>
      </p>
    </div>
  );
}
