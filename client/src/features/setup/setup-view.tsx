/**
 * Step 1 of the guide, as a view of the cycle (`/cycles/:id/parametres`): the pilots (the binôme
 * salarié / élu suggested), the working group with each person's qualité and themes, the
 * composition by qualité with a gentle warning, the dates up to the AG and the referents per
 * theme. Everything but the qualités lives in the cycle document (shared/src/setup), so it is
 * co-edited live and frozen with each version; the timeline links each stage to its version.
 */
import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import {
  addStageDate,
  composition,
  DATED_STAGES,
  MEMBER_KINDS,
  readSetup,
  removeGroupMember,
  removeReferent,
  removeStageDate,
  setGroupMember,
  setPilots,
  setReferent,
  suggestedPair,
  type CycleSetup,
  type DatedStage,
  type MemberKind,
  type SetupPerson,
  type StageDate,
} from '@pilotis/shared';
import type * as Y from 'yjs';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { QUALITE_EVENT, setupApi, type Profile, type VersionSummary } from './setup-api.ts';
import './setup.css';

const dayFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'UTC' });

/** 2027-06-12 → 12/06/2027. */
export function frenchDay(iso: string): string {
  return dayFormat.format(new Date(`${iso}T00:00:00Z`));
}

/** Whole days from today (local calendar) to an ISO day; negative when past. */
export function daysUntil(iso: string, now = new Date()): number {
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - today) / 86_400_000);
}

/** The cycle's set-up, re-read whenever the document's model changes. */
export function useSetup(doc: Y.Doc, model: unknown): CycleSetup {
  // `model` is a new object whenever the document changes: that is when to read again.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => readSetup(doc), [doc, model]);
}

/** The organisation's members with their qualités (null while loading). */
export function useProfiles(organisationId: string) {
  const [profiles, setProfiles] = useState<Profile[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setProfiles(await setupApi.profiles(organisationId));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [organisationId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { profiles, error, reload, setProfiles };
}

/** This person's own qualité in the organisation, for their presence chip (null: not said). */
export function useOwnQualite(
  organisationId: string,
  userId: string | undefined,
): MemberKind | null {
  const [qualite, setQualite] = useState<MemberKind | null>(null);
  useEffect(() => {
    if (!userId) return;
    let cancelled = false;
    setupApi
      .profiles(organisationId)
      .then((list) => {
        if (!cancelled) setQualite(list.find((p) => p.userId === userId)?.qualite ?? null);
      })
      .catch(() => {});
    const changed = (event: Event) => {
      const saved = (event as CustomEvent<Profile>).detail;
      if (saved.userId === userId) setQualite(saved.qualite);
    };
    window.addEventListener(QUALITE_EVENT, changed);
    return () => {
      cancelled = true;
      window.removeEventListener(QUALITE_EVENT, changed);
    };
  }, [organisationId, userId]);
  return qualite;
}

/** The frozen versions of the cycle, for the timeline's links (empty while loading). */
function useVersions(cycleId: string): VersionSummary[] {
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  useEffect(() => {
    let cancelled = false;
    setupApi
      .versions(cycleId)
      .then((list) => !cancelled && setVersions(list))
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [cycleId]);
  return versions;
}

/** A qualité as words ("Salarié·e"), or "Non précisée". */
export function QualiteLabel({ qualite }: { qualite: MemberKind | null | undefined }) {
  const { t } = useI18n();
  return <>{t(qualite ? `qualite.${qualite}` : 'qualite.none')}</>;
}

/** "Piloté par Samia (Salarié·e), Élodie (Administrateur·rice / élu·e)". */
export function PilotsLine({ pilots }: { pilots: SetupPerson[] }) {
  const { t } = useI18n();
  if (pilots.length === 0) return <p className="setup-empty">{t('setup.noPilots')}</p>;
  const names = pilots.map((p) => `${p.name} (${t(`qualite.${p.qualite}`)})`).join(', ');
  return <p className="setup-pilots-line">{t('setup.pilotedBy', { names })}</p>;
}

/**
 * The dated stages in order, each with the latest version frozen for that stage (its files), and
 * how far away it is: a stage within a week is highlighted (the in-app reminder).
 */
export function Timeline({ dates, versions }: { dates: StageDate[]; versions: VersionSummary[] }) {
  const { t } = useI18n();
  if (dates.length === 0) return <p className="setup-empty">{t('setup.noDates')}</p>;
  return (
    <ol className="setup-timeline">
      {dates.map((item) => {
        const days = daysUntil(item.date);
        const version = versions.filter((v) => v.stage === item.stage).at(-1);
        const when =
          days < 0
            ? t('setup.past')
            : days === 0
              ? t('setup.today')
              : t('setup.inDays', { count: days });
        return (
          <li
            key={item.id}
            className={`timeline-item${days < 0 ? ' is-past' : ''}${days >= 0 && days <= 7 ? ' is-soon' : ''}`}
          >
            <span className="timeline-date">{frenchDay(item.date)}</span>
            <span className="timeline-stage">{t(`stage.${item.stage}`)}</span>
            {item.label && <span className="timeline-label">{item.label}</span>}
            <span className="timeline-when">{when}</span>
            <span className="timeline-version">
              {version ? (
                <>
                  {t('setup.frozenVersion', { label: version.label })} —{' '}
                  <a href={`/api/versions/${version.id}/export.xlsx`}>Excel</a> ·{' '}
                  <a href={`/api/versions/${version.id}/export.pdf`}>PDF</a>
                </>
              ) : (
                t('setup.noVersion')
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** Dated stages within the coming week: the in-app reminder shown in the cycle. */
export function upcoming(dates: StageDate[], now = new Date()): StageDate[] {
  return dates.filter((item) => {
    const days = daysUntil(item.date, now);
    return days >= 0 && days <= 7;
  });
}

/**
 * Shown on the cycle's grid: reminds of the stages of the coming week. (The set-up itself is the
 * Paramètres view; a prompt above the grid pushed the rows off a 720-pixel projector.)
 */
export function SetupPrompt({ doc, model }: { doc: Y.Doc; model: unknown }) {
  const { t } = useI18n();
  const setup = useSetup(doc, model);
  const soon = upcoming(setup.dates);
  return (
    <>
      {soon.map((item) => {
        const days = daysUntil(item.date);
        return (
          <p key={item.id} className="notice setup-reminder" role="note">
            {t('setup.reminder', {
              stage: t(`stage.${item.stage}`),
              date: frenchDay(item.date),
              when: days === 0 ? t('setup.today') : t('setup.inDays', { count: days }),
            })}
          </p>
        );
      })}
    </>
  );
}

export function SetupView({ context }: { context: CycleViewContext }) {
  const { cycle, doc, model, readOnly, edit, announce, role } = context;
  const { t } = useI18n();
  const setup = useSetup(doc, model);
  const { profiles, error, setProfiles } = useProfiles(cycle.organisationId);
  const versions = useVersions(cycle.id);
  const [actionError, setActionError] = useState('');
  const isPilote = role === 'pilote';
  const themes = useMemo(
    () => [...model.themes].sort((a, b) => a.number - b.number),
    [model.themes],
  );

  const people: SetupPerson[] = useMemo(
    () =>
      (profiles ?? []).map((p) => ({
        userId: p.userId,
        name: p.name,
        qualite: p.qualite ?? 'autre',
      })),
    [profiles],
  );
  const pilotIds = new Set(setup.pilots.map((p) => p.userId));
  const groupById = new Map(setup.group.map((g) => [g.userId, g]));
  const mix = composition(setup);
  const pair = setup.pilots.length === 0 ? suggestedPair(people) : [];
  const candidates = people.filter((p) => !pilotIds.has(p.userId));

  /** The qualité changes in the profile (SQL) and in the cycle's snapshots (pilots, group). */
  const changeQualite = async (person: Profile, qualite: MemberKind | null) => {
    setActionError('');
    try {
      const saved = await setupApi.setQualite(cycle.organisationId, person.userId, qualite);
      setProfiles((list) => list?.map((p) => (p.userId === saved.userId ? saved : p)) ?? null);
      const kind = qualite ?? 'autre';
      // Read the set-up again: it may have changed while the request was on its way.
      const current = readSetup(doc);
      edit(() => {
        if (current.pilots.some((p) => p.userId === person.userId)) {
          setPilots(
            doc,
            current.pilots.map((p) => (p.userId === person.userId ? { ...p, qualite: kind } : p)),
          );
        }
        const member = current.group.find((g) => g.userId === person.userId);
        if (member) setGroupMember(doc, { ...member, qualite: kind });
      });
      announce(t('qualite.changed', { name: person.name }));
    } catch (caught) {
      setActionError(errorMessage(caught, t));
    }
  };

  return (
    <div className="setup-view">
      <h2>{t('setup.title', { year: cycle.year })}</h2>
      <p className="setup-intro">{t('setup.intro')}</p>
      {actionError && (
        <p role="alert" className="notice notice-error">
          {actionError}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="notice notice-error">
          {errorMessage(error, t)}
        </p>
      )}

      <div className="setup-columns">
        <section className="card setup-card" aria-labelledby="setup-pilots">
          <h3 id="setup-pilots">{t('setup.pilots')}</h3>
          <p className="hint">{t('setup.pilotsHint')}</p>
          <PilotsLine pilots={setup.pilots} />
          {setup.pilots.length > 0 && (
            <ul className="setup-chips">
              {setup.pilots.map((pilot) => (
                <li key={pilot.userId} className="setup-chip">
                  <span>{pilot.name}</span>
                  <span className="setup-chip-kind">
                    <QualiteLabel qualite={pilot.qualite} />
                  </span>
                  {!readOnly && (
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('setup.removePilot', { name: pilot.name })}
                      onClick={() =>
                        edit(() =>
                          setPilots(
                            doc,
                            setup.pilots.filter((p) => p.userId !== pilot.userId),
                          ),
                        )
                      }
                    >
                      ×
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {!readOnly && pair.length === 2 && (
            <button
              type="button"
              className="primary"
              onClick={() => edit(() => setPilots(doc, pair))}
            >
              {t('setup.suggestPair', { staff: pair[0]!.name, elected: pair[1]!.name })}
            </button>
          )}
          {!readOnly && candidates.length > 0 && (
            <AddPilotForm
              candidates={candidates}
              onAdd={(person) => edit(() => setPilots(doc, [...setup.pilots, person]))}
            />
          )}
        </section>

        <section className="card setup-card" aria-labelledby="setup-composition">
          <h3 id="setup-composition">{t('setup.composition')}</h3>
          {mix.total === 0 ? (
            <p className="setup-empty">{t('setup.compositionEmpty')}</p>
          ) : (
            <>
              <p>{t('setup.compositionTotal', { count: mix.total })}</p>
              <ul className="setup-composition">
                {MEMBER_KINDS.filter((kind) => mix.counts[kind] > 0).map((kind) => (
                  <li key={kind}>
                    <span className="setup-count">{mix.counts[kind]}</span>{' '}
                    <QualiteLabel qualite={kind} />
                  </li>
                ))}
              </ul>
            </>
          )}
          {mix.warning && (
            <p className="notice setup-warning" role="note">
              {t(mix.warning === 'only-staff' ? 'setup.onlyStaff' : 'setup.onlyElected')}
            </p>
          )}
        </section>
      </div>

      <section className="card setup-card" aria-labelledby="setup-group">
        <h3 id="setup-group">{t('setup.group')}</h3>
        <p className="hint">{t('setup.groupHint')}</p>
        {!profiles ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <table className="simple-table setup-group">
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('qualite.label')}</th>
                <th scope="col">{t('setup.group')}</th>
                <th scope="col">{t('setup.themes')}</th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((person) => {
                const member = groupById.get(person.userId);
                const inGroup = !!member;
                return (
                  <tr key={person.userId}>
                    <th scope="row">
                      {person.name}
                      {pilotIds.has(person.userId) && (
                        <span className="badge">{t('role.pilote')}</span>
                      )}
                    </th>
                    <td>
                      {isPilote ? (
                        <select
                          aria-label={t('qualite.of', { name: person.name })}
                          value={person.qualite ?? ''}
                          onChange={(e) =>
                            void changeQualite(
                              person,
                              e.target.value ? (e.target.value as MemberKind) : null,
                            )
                          }
                        >
                          <option value="">{t('qualite.none')}</option>
                          {MEMBER_KINDS.map((kind) => (
                            <option key={kind} value={kind}>
                              {t(`qualite.${kind}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <QualiteLabel qualite={person.qualite} />
                      )}
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('setup.inGroup', { name: person.name })}
                        checked={inGroup}
                        disabled={readOnly}
                        onChange={(e) =>
                          edit(() =>
                            e.target.checked
                              ? setGroupMember(doc, {
                                  userId: person.userId,
                                  name: person.name,
                                  qualite: person.qualite ?? 'autre',
                                  themes: [],
                                })
                              : removeGroupMember(doc, person.userId),
                          )
                        }
                      />
                    </td>
                    <td>
                      {inGroup && (
                        <div
                          className="setup-themes"
                          role="group"
                          aria-label={t('setup.themesOf', { name: person.name })}
                        >
                          {themes.map((theme) => {
                            const on = member.themes.includes(theme.number);
                            return (
                              <button
                                key={theme.id}
                                type="button"
                                className={`theme-toggle${on ? ' on' : ''}`}
                                aria-pressed={on}
                                disabled={readOnly}
                                title={theme.title}
                                aria-label={t('setup.themeToggle', {
                                  number: theme.number,
                                  title: theme.title,
                                })}
                                onClick={() =>
                                  edit(() =>
                                    setGroupMember(doc, {
                                      ...member,
                                      themes: on
                                        ? member.themes.filter((n) => n !== theme.number)
                                        : [...member.themes, theme.number],
                                    }),
                                  )
                                }
                              >
                                {theme.number}
                              </button>
                            );
                          })}
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className="card setup-card" aria-labelledby="setup-dates">
        <h3 id="setup-dates">{t('setup.dates')}</h3>
        <p className="hint">{t('setup.datesHint')}</p>
        <Timeline dates={setup.dates} versions={versions} />
        {!readOnly && setup.dates.length > 0 && (
          <ul className="plain-list setup-date-list">
            {setup.dates.map((item) => (
              <li key={item.id}>
                {frenchDay(item.date)} — {t(`stage.${item.stage}`)}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => edit(() => removeStageDate(doc, item.id))}
                >
                  {t('setup.removeDate', { date: frenchDay(item.date) })}
                </button>
              </li>
            ))}
          </ul>
        )}
        {!readOnly && (
          <AddDateForm
            onAdd={(stage, date, label) => {
              edit(() => addStageDate(doc, stage, date, label));
              announce(t('setup.dateAdded'));
            }}
          />
        )}
      </section>

      <section className="card setup-card" aria-labelledby="setup-referents">
        <h3 id="setup-referents">{t('setup.referents')}</h3>
        <p className="hint">{t('setup.referentsHint')}</p>
        <table className="simple-table setup-referents">
          <tbody>
            {themes.map((theme) => {
              const referent = setup.referents.find((r) => r.theme === theme.number);
              return (
                <tr key={theme.id}>
                  <th scope="row">
                    {theme.number}. {theme.title}
                  </th>
                  <td>
                    <select
                      aria-label={t('setup.referentOf', { number: theme.number })}
                      value={referent?.userId ?? ''}
                      disabled={readOnly}
                      onChange={(e) => {
                        const person = people.find((p) => p.userId === e.target.value);
                        edit(() =>
                          person
                            ? setReferent(doc, {
                                theme: theme.number,
                                userId: person.userId,
                                name: person.name,
                                from: referent?.from ?? '',
                                to: referent?.to ?? '',
                              })
                            : removeReferent(doc, theme.number),
                        );
                      }}
                    >
                      <option value="">{t('setup.nobody')}</option>
                      {people.map((p) => (
                        <option key={p.userId} value={p.userId}>
                          {p.name}
                        </option>
                      ))}
                      {referent && !people.some((p) => p.userId === referent.userId) && (
                        <option value={referent.userId}>{referent.name}</option>
                      )}
                    </select>
                  </td>
                  {(['from', 'to'] as const).map((field) => (
                    <td key={field}>
                      {referent && (
                        <label className="inline-label">
                          {t(field === 'from' ? 'setup.referentFrom' : 'setup.referentTo')}{' '}
                          <input
                            type="date"
                            value={referent[field]}
                            disabled={readOnly}
                            onChange={(e) =>
                              edit(() => setReferent(doc, { ...referent, [field]: e.target.value }))
                            }
                          />
                        </label>
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function AddPilotForm({
  candidates,
  onAdd,
}: {
  candidates: SetupPerson[];
  onAdd(person: SetupPerson): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [userId, setUserId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const person = candidates.find((p) => p.userId === userId);
    if (person) onAdd(person);
    setUserId('');
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={id}>{t('setup.pilotToAdd')}</label>
      <select id={id} value={userId} onChange={(e) => setUserId(e.target.value)}>
        <option value="">{t('setup.nobody')}</option>
        {candidates.map((person) => (
          <option key={person.userId} value={person.userId}>
            {person.name} ({t(`qualite.${person.qualite}`)})
          </option>
        ))}
      </select>
      <button type="submit" disabled={!userId}>
        {t('setup.addPilot')}
      </button>
    </form>
  );
}

function AddDateForm({ onAdd }: { onAdd(stage: DatedStage, date: string, label: string): void }) {
  const { t } = useI18n();
  const [stage, setStage] = useState<DatedStage>('working-group');
  const [date, setDate] = useState('');
  const [label, setLabel] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    onAdd(stage, date, label.trim());
    setDate('');
    setLabel('');
  };
  return (
    <form className="inline-form setup-add-date" onSubmit={submit}>
      <label>
        {t('setup.dateStage')}
        <select value={stage} onChange={(e) => setStage(e.target.value as DatedStage)}>
          {DATED_STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`stage.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('setup.dateDay')}
        <input type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
      </label>
      <label>
        {t('setup.dateLabel')}
        <input
          type="text"
          value={label}
          maxLength={120}
          onChange={(e) => setLabel(e.target.value)}
        />
      </label>
      <button type="submit" disabled={!date}>
        {t('setup.addDate')}
      </button>
    </form>
  );
}
