import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { RolloverPreview } from './rollover-preview.tsx';
import { can, type Role } from '@pilotis/shared';
import { api, ApiError, type Cycle, type Organisation } from '../../lib/api.ts';
import { useSession } from '../../app/session.tsx';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../app/router.tsx';

export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('error.network');
    if (error.message) return error.message;
  }
  return t('error.unexpected');
}

type Load<T> =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

const CURRENT_KEY = 'pilotis.organisation';

export function HomePage() {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const organisations = me?.organisations ?? [];
  const [currentId, setCurrentId] = useState<string | null>(() =>
    localStorage.getItem(CURRENT_KEY),
  );
  const current = organisations.find((o) => o.id === currentId) ?? organisations[0] ?? null;

  const choose = (id: string) => {
    setCurrentId(id);
    localStorage.setItem(CURRENT_KEY, id);
  };

  return (
    <main id="content" className="page home">
      <div className="home-header">
        <h1>{current ? current.name : t('home.title')}</h1>
        {organisations.length > 1 && (
          <label className="org-switcher">
            {t('home.switch')}
            <select value={current?.id ?? ''} onChange={(event) => choose(event.target.value)}>
              {organisations.map((organisation) => (
                <option key={organisation.id} value={organisation.id}>
                  {organisation.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {organisations.length === 0 && <p className="empty">{t('home.empty')}</p>}
      {current && <OrganisationCard key={current.id} organisation={current} role={current.role} />}
      <NewOrganisationForm
        onCreated={(organisation) => {
          choose(organisation.id);
          void refresh();
        }}
      />
    </main>
  );
}

function NewOrganisationForm({ onCreated }: { onCreated(organisation: Organisation): void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || busy) return;
    setBusy(true);
    setError('');
    try {
      onCreated(await api.createOrganisation(name.trim()));
      setName('');
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form-inline" onSubmit={handleSubmit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('home.newOrganisation')}</h2>
      <label htmlFor={`${id}-name`}>{t('home.organisationName')}</label>
      <div className="row">
        <input
          id={`${id}-name`}
          value={name}
          maxLength={200}
          required
          placeholder={t('home.organisationNamePlaceholder')}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          {t('home.createOrganisation')}
        </button>
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </form>
  );
}

function OrganisationCard({ organisation, role }: { organisation: Organisation; role: Role }) {
  const { t } = useI18n();
  const id = useId();
  const [cycles, setCycles] = useState<Load<Cycle[]>>({ state: 'loading' });
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [from, setFrom] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const load = useCallback(() => {
    api
      .listCycles(organisation.id)
      .then((data) => {
        setCycles({ state: 'ready', data });
        const latest = data[0];
        if (latest) {
          setYear(latest.year + 1);
          setFrom(latest.id);
        }
      })
      .catch((caught: unknown) => setCycles({ state: 'error', message: errorMessage(caught, t) }));
  }, [organisation.id, t]);

  useEffect(load, [load]);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const cycle = await api.createCycle(organisation.id, year, from || undefined);
      navigate(`/cycles/${cycle.id}`);
    } catch (caught) {
      setError(errorMessage(caught, t));
      setBusy(false);
    }
  };

  return (
    <section className="card organisation" aria-labelledby={`${id}-name`}>
      <div className="card-header">
        <h2 id={`${id}-name`}>{organisation.name}</h2>
        <span className="badge">{t(`role.${role}`)}</span>
        <Link href={`/organisations/${organisation.id}/membres`} className="members-link">
          {can(role, 'members.manage') ? t('home.manageMembers') : t('home.seeMembers')}
        </Link>
      </div>
      <h3>{t('home.cycles')}</h3>
      {cycles.state === 'loading' && <p role="status">{t('common.loading')}</p>}
      {cycles.state === 'error' && (
        <p role="alert" className="field-error">
          {cycles.message}
        </p>
      )}
      {cycles.state === 'ready' &&
        (cycles.data.length === 0 ? (
          <p className="empty">{t('home.noCycles')}</p>
        ) : (
          <ul className="cycles">
            {cycles.data.map((cycle) => (
              <li key={cycle.id}>
                <Link href={`/cycles/${cycle.id}`} className="cycle-link">
                  <span className="cycle-year">{t('home.openCycle', { year: cycle.year })}</span>
                  <span className="badge">{t(`stage.${cycle.stage}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
      {can(role, 'cycle.create') && (
        <form className="form-inline" onSubmit={handleSubmit} aria-label={t('home.newCycle')}>
          <div className="row">
            <label>
              {t('home.year')}
              <input
                type="number"
                min={2000}
                max={2100}
                value={year}
                required
                onChange={(event) => setYear(Number(event.target.value))}
              />
            </label>
            {cycles.state === 'ready' && cycles.data.length > 0 && (
              <label>
                {t('home.startFrom')}
                <select value={from} onChange={(event) => setFrom(event.target.value)}>
                  <option value="">{t('home.fromTemplate')}</option>
                  {cycles.data.map((cycle) => (
                    <option key={cycle.id} value={cycle.id}>
                      {cycle.year === year - 1
                        ? t('home.fromCycle', { year: cycle.year })
                        : t('home.fromCycleYears', { year: cycle.year })}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button type="submit" className="primary" disabled={busy}>
              {t('home.createCycle')}
            </button>
          </div>
          {from && <RolloverPreview from={from} year={year} />}
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
