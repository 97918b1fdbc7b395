/**
 * The record of the meeting a version was presented at (AG: step 11, réunion des salariés: step
 * 10): date, present and represented, the debate's main points, the adjustments decided (each
 * linkable to a row or an action), the vote. Pilotes write it after the meeting; everyone reads it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { emptyRecord, type CycleModel, type MeetingRecord } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { versionsApi, type RecordReply, type Version } from './versions-api.ts';

const toCount = (value: string): number | null => {
  const n = Number.parseInt(value.replace(/\s/g, ''), 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

export function RecordPanel({
  version,
  editable,
  model,
}: {
  version: Version;
  editable: boolean;
  model: CycleModel;
}) {
  const { t } = useI18n();
  const [reply, setReply] = useState<RecordReply | null>(null);
  const [record, setRecord] = useState<MeetingRecord>(emptyRecord);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    versionsApi.record(version.id).then(
      (data) => {
        setReply(data);
        setRecord(data.record ?? emptyRecord());
      },
      (caught: unknown) => setError(errorMessage(caught, t)),
    );
  }, [version.id, t]);

  if (error && !reply)
    return (
      <p role="alert" className="field-error">
        {error}
      </p>
    );
  if (!reply) return <p role="status">{t('common.loading')}</p>;

  const frozen =
    reply.frozen.length > 0 ? (
      <section>
        <h3>{t('versions.frozenRecords')}</h3>
        <ul className="plain-list">
          {reply.frozen.map((entry) => (
            <li key={entry.versionId}>
              <strong>{entry.versionLabel}</strong> — {t(`stage.${entry.stage}`)} ·{' '}
              {t('versions.recordSummary', {
                present: entry.record.present ?? '—',
                represented: entry.record.represented ?? '—',
              })}
              <p className="pre-line">{entry.record.debate}</p>
            </li>
          ))}
        </ul>
      </section>
    ) : null;

  if (!reply.applicable)
    return (
      <div>
        <p className="empty">{t('versions.recordNotApplicable')}</p>
        {frozen}
      </div>
    );

  const readOnly = !editable;
  const set = (patch: Partial<MeetingRecord>) => {
    setSaved('');
    setRecord((current) => ({ ...current, ...patch }));
  };
  const targets = [
    ...model.rows.map((row) => ({
      value: `row:${row.id}`,
      label: row.label || t('versions.untitledRow'),
    })),
    ...model.actions.map((action) => ({ value: `action:${action.id}`, label: action.title })),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const clean = { ...record, adjustments: record.adjustments.filter((a) => a.text.trim()) };
      setRecord(await versionsApi.saveRecord(version.id, clean));
      setSaved(t('versions.recordSaved'));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const vote = record.vote ?? { for: null, against: null, abstain: null, outcome: '' };
  return (
    <form className="record-form" onSubmit={submit} aria-labelledby="record-title">
      <h3 id="record-title">
        {version.stage === 'general-assembly' ? t('versions.recordAg') : t('versions.recordStaff')}
      </h3>
      <fieldset disabled={readOnly}>
        <div className="row">
          <label>
            {t('versions.heldOn')}
            <input
              type="date"
              value={record.heldOn ?? ''}
              onChange={(event) => set({ heldOn: event.target.value || null })}
            />
          </label>
          <label>
            {t('versions.present')}
            <input
              inputMode="numeric"
              value={record.present ?? ''}
              onChange={(event) => set({ present: toCount(event.target.value) })}
            />
          </label>
          <label>
            {t('versions.represented')}
            <input
              inputMode="numeric"
              value={record.represented ?? ''}
              onChange={(event) => set({ represented: toCount(event.target.value) })}
            />
          </label>
        </div>
        <label>
          {t('versions.debate')}
          <textarea
            rows={5}
            value={record.debate}
            maxLength={20000}
            onChange={(event) => set({ debate: event.target.value })}
          />
        </label>
        <fieldset>
          <legend>{t('versions.adjustments')}</legend>
          {record.adjustments.map((adjustment, index) => (
            <div key={index} className="row adjustment">
              <label>
                {t('versions.adjustment', { n: index + 1 })}
                <input
                  value={adjustment.text}
                  maxLength={4000}
                  onChange={(event) =>
                    set({
                      adjustments: record.adjustments.map((a, i) =>
                        i === index ? { ...a, text: event.target.value } : a,
                      ),
                    })
                  }
                />
              </label>
              <label>
                {t('versions.adjustmentTarget')}
                <select
                  value={
                    adjustment.target ? `${adjustment.target.kind}:${adjustment.target.id}` : ''
                  }
                  onChange={(event) => {
                    const [kind, id] = event.target.value.split(':') as ['row' | 'action', string];
                    set({
                      adjustments: record.adjustments.map((a, i) =>
                        i === index
                          ? { ...a, target: event.target.value ? { kind, id } : null }
                          : a,
                      ),
                    });
                  }}
                >
                  <option value="">{t('versions.noTarget')}</option>
                  {targets.map((target) => (
                    <option key={target.value} value={target.value}>
                      {target.label.slice(0, 90)}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                onClick={() =>
                  set({ adjustments: record.adjustments.filter((_, i) => i !== index) })
                }
              >
                {t('versions.removeAdjustment')}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              set({ adjustments: [...record.adjustments, { text: '', target: null }] })
            }
          >
            {t('versions.addAdjustment')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('versions.vote')}</legend>
          <div className="row">
            {(['for', 'against', 'abstain'] as const).map((key) => (
              <label key={key}>
                {t(`versions.vote.${key}`)}
                <input
                  inputMode="numeric"
                  value={vote[key] ?? ''}
                  onChange={(event) =>
                    set({ vote: { ...vote, [key]: toCount(event.target.value) } })
                  }
                />
              </label>
            ))}
          </div>
          <label>
            {t('versions.voteOutcome')}
            <input
              value={vote.outcome}
              maxLength={1000}
              onChange={(event) => set({ vote: { ...vote, outcome: event.target.value } })}
            />
          </label>
        </fieldset>
      </fieldset>
      {editable && (
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('versions.saving') : t('versions.saveRecord')}
        </button>
      )}
      <div role="status" aria-live="polite">
        {saved && <p>{saved}</p>}
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {frozen}
    </form>
  );
}
