import { useI18n, type Locale } from '../i18n/i18n.tsx';
import { Link, usePath } from './router.tsx';
import { HomePage } from '../features/home/home-page.tsx';
import { CyclePage } from '../features/cycle/cycle-page.tsx';

function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="language">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
        <option value="fr">Français</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

export function App() {
  const { t } = useI18n();
  const path = usePath();
  const cycleMatch = /^\/cycles\/([^/]+)\/?$/.exec(path);
  return (
    <>
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link href="/" className="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>{t('app.name')}</span>
        </Link>
        <span className="tagline">{t('app.tagline')}</span>
        <LanguageSwitch />
      </header>
      {cycleMatch?.[1] ? (
        <CyclePage key={cycleMatch[1]} cycleId={decodeURIComponent(cycleMatch[1])} />
      ) : (
        <HomePage />
      )}
    </>
  );
}
