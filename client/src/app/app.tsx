import { useI18n, type Locale } from '../i18n/i18n.tsx';
import { Link, navigate, usePath } from './router.tsx';
import { NotFoundPage } from '../features/room/not-found-page.tsx';
import { useSession } from './session.tsx';
import { HomePage } from '../features/home/home-page.tsx';
import { CyclePage } from '../features/cycle/cycle-page.tsx';
import {
  AccountPage,
  ConfirmSignUpPage,
  InvitationPage,
  ResetPasswordPage,
  SignInPage,
} from '../features/auth/auth-pages.tsx';
import { MembersPage } from '../features/members/members-page.tsx';
import { InboxLink, InboxPage } from '../features/comments/inbox-page.tsx';
import { PublicVersionPage } from '../features/versions/public-version-page.tsx';
import { ConfirmEmailPage } from '../features/setup/account-profile.tsx';

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

function UserMenu() {
  const { t } = useI18n();
  const { me, signOut } = useSession();
  if (!me) return null;
  return (
    <nav className="user-menu" aria-label={t('nav.account')}>
      <InboxLink />
      <Link href="/compte">{me.user.name}</Link>
      <button
        type="button"
        onClick={() => {
          void signOut().then(() => navigate('/connexion'));
        }}
      >
        {t('auth.signOut')}
      </button>
    </nav>
  );
}

/** Pages reachable without an account; everything else asks to sign in first. */
function publicPage(path: string) {
  if (path === '/connexion') return <SignInPage mode="signin" />;
  if (path === '/inscription') return <SignInPage mode="signup" />;
  const confirmSignUp = /^\/inscription\/([^/]+)$/.exec(path);
  if (confirmSignUp?.[1]) return <ConfirmSignUpPage token={confirmSignUp[1]} />;
  const reset = /^\/mot-de-passe\/([^/]+)$/.exec(path);
  if (reset?.[1]) return <ResetPasswordPage token={reset[1]} />;
  const invitation = /^\/invitation\/([^/]+)$/.exec(path);
  if (invitation?.[1]) return <InvitationPage token={invitation[1]} />;
  // ── versions: public links (issue 13) ──
  const publicVersion = /^\/public\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (publicVersion?.[1]) return <PublicVersionPage token={publicVersion[1]} />;

  // ── sections: public synthesis (issue 11) ──

  return null;
}

function privatePage(path: string) {
  const cycle = /^\/cycles\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
  if (cycle?.[1])
    return (
      <CyclePage
        key={cycle[1]}
        cycleId={decodeURIComponent(cycle[1])}
        view={cycle[2] ? decodeURIComponent(cycle[2]) : ''}
      />
    );
  const members = /^\/organisations\/([^/]+)\/membres\/?$/.exec(path);
  if (members?.[1])
    return <MembersPage key={members[1]} organisationId={decodeURIComponent(members[1])} />;
  if (path === '/compte') return <AccountPage />;
  // ── meeting room (issue 9) ──

  // ── comments: inbox (issue 12) ──
  if (path === '/commentaires') return <InboxPage />;

  // ── set-up (issue 17) ──
  const emailChange = /^\/compte\/adresse\/([^/]+)$/.exec(path);
  if (emailChange?.[1]) return <ConfirmEmailPage token={emailChange[1]} />;

  return path === '/' ? <HomePage /> : <NotFoundPage />;
}

export function App() {
  const { t } = useI18n();
  const path = usePath();
  const { me, loading } = useSession();

  let page = publicPage(path);
  if (!page) {
    if (loading) {
      page = (
        <main id="content" className="page">
          <p role="status">{t('common.loading')}</p>
        </main>
      );
    } else if (!me) {
      const next = `${window.location.pathname}${window.location.search}`;
      page = <SignInRedirect next={next} />;
    } else {
      page = privatePage(path);
    }
  }

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
        <UserMenu />
        <LanguageSwitch />
      </header>
      {page}
    </>
  );
}

function SignInRedirect({ next }: { next: string }) {
  // Replace the URL so that Back does not bounce between the page and the sign-in form.
  if (window.location.pathname !== '/connexion') {
    window.history.replaceState(null, '', `/connexion?suite=${encodeURIComponent(next)}`);
  }
  return <SignInPage mode="signin" />;
}
