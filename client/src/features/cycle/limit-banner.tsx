/**
 * The server refused something this page sent (issue 18): said in French above the grid and the
 * sections. Over the rate limit the connection comes back by itself; a too-large or too-deep
 * edit is refused for good, so the page stays read-only and offers to drop what this browser
 * still holds and reload what the server has.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { CollabLimit } from '../../collab/collab-limits.ts';

export function LimitBanner({
  limit,
  discardLocal,
}: {
  limit: CollabLimit;
  discardLocal: (() => Promise<void>) | null;
}) {
  const { t } = useI18n();
  const [discarding, setDiscarding] = useState(false);
  if (!limit) return null;
  if (limit === 'rate-limited') {
    return (
      <div role="status" className="notice limit-banner" data-testid="limit-banner">
        <p>{t('limits.rateLimited')}</p>
      </div>
    );
  }
  return (
    <div role="alert" className="notice notice-error limit-banner" data-testid="limit-banner">
      <p>{t(limit === 'too-large' ? 'limits.tooLarge' : 'limits.tooDeep')}</p>
      {discardLocal && (
        <p>
          <button
            type="button"
            disabled={discarding}
            onClick={() => {
              setDiscarding(true);
              void discardLocal();
            }}
          >
            {t('limits.discard')}
          </button>
        </p>
      )}
    </div>
  );
}
