/** The page for an address that leads nowhere: says so, and offers the way home. */
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../app/router.tsx';

/** Shown for any unknown address (instead of silently showing the home page). */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <main id="content" className="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/">{t('common.back')}</Link>
      </p>
    </main>
  );
}
