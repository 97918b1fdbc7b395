/**
 * The guide's twelve steps as the cycle's checklist (seed §2.1): each step's status, date and
 * who; the current stage; and what is missing before the next stage, computed live from the
 * document and the frozen versions, each item linking to the place to fix it.
 */
import {
  formatIsoDateFr,
  GUIDE_STEPS_FR,
  missingBeforeNextStage,
  MISSING_LABELS_FR,
  nextStage,
  readSteps,
  setStep,
  STEP_STATUSES,
  parseFrenchDate,
  type MissingItem,
  type StepStatus,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../app/router.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { ValidatedField } from './action-fields.tsx';
import { useVersions } from './use-cycle-data.ts';
import './actions.css';

function fixHref(cycleId: string, item: MissingItem): string {
  const base = `/cycles/${cycleId}`;
  switch (item.target.place) {
    case 'actions':
      return `${base}/actions?action=${encodeURIComponent(item.target.actionId)}`;
    case 'versions':
      return `${base}?versions=1`;
    case 'grid':
      return item.target.rowId
        ? `${base}?ligne=${encodeURIComponent(item.target.rowId)}`
        : `${base}?theme=${encodeURIComponent(item.target.themeId)}`;
  }
}

export function StepsView({ context }: { context: CycleViewContext }) {
  const { t } = useI18n();
  const { doc, model, cycle, readOnly, edit } = context;
  const { versions, failed } = useVersions(cycle.id);
  const steps = readSteps(doc);
  const next = nextStage(model.meta.stage);
  const missing = versions ? missingBeforeNextStage(model, versions) : null;
  const byStep = new Map<number, MissingItem[]>();
  for (const item of missing ?? []) byStep.set(item.step, [...(byStep.get(item.step) ?? []), item]);

  return (
    <div className="steps-view">
      <section className="stage-summary" aria-labelledby="stage-heading">
        <h2 id="stage-heading">
          {t('steps.currentStage', { stage: t(`stage.${model.meta.stage}`) })}
        </h2>
        {next ? (
          <p>{t('steps.nextStage', { stage: t(`stage.${next}`) })}</p>
        ) : (
          <p>{t('steps.lastStage')}</p>
        )}
        {missing === null ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <>
            {failed && <p className="field-error">{t('steps.versionsFailed')}</p>}
            <p className="missing-count" role="status" data-count={missing.length}>
              {missing.length === 0
                ? t('steps.nothingMissing')
                : t('steps.missingCount', { count: missing.length })}
            </p>
            {missing.length > 0 && (
              <ol className="missing-list">
                {[...byStep.entries()].map(([step, items]) => (
                  <li key={step}>
                    <details open={items.length <= 6}>
                      <summary>
                        <strong>
                          {t('steps.stepN', { n: step })} — {GUIDE_STEPS_FR[step - 1]}
                        </strong>{' '}
                        <span className="late-badge">{items.length}</span>
                      </summary>
                      <ul>
                        {items.map((item, index) => (
                          <li key={`${item.kind}-${index}`} data-kind={item.kind}>
                            <Link href={fixHref(cycle.id, item)}>
                              {MISSING_LABELS_FR[item.kind]} : {item.subject}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    </details>
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t('steps.title')}</h2>
        <ol className="steps-list">
          {steps.map((step) => (
            <li key={step.number} className={`step step-${step.status}`} data-step={step.number}>
              <p className="step-label">
                <span className="step-number">{step.number}</span> {step.label}
                {(byStep.get(step.number)?.length ?? 0) > 0 && (
                  <span className="late-badge">
                    {t('steps.itemsMissing', { count: byStep.get(step.number)!.length })}
                  </span>
                )}
              </p>
              <div className="step-fields">
                <label>
                  <span>{t('steps.status')}</span>
                  <select
                    value={step.status}
                    disabled={readOnly}
                    onChange={(event) =>
                      edit(() =>
                        setStep(doc, step.number, { status: event.target.value as StepStatus }),
                      )
                    }
                  >
                    {STEP_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {t(`steps.status.${status}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <ValidatedField
                  label={t('steps.date')}
                  value={formatIsoDateFr(step.date)}
                  placeholder="jj/mm/aaaa"
                  readOnly={readOnly}
                  onCommit={(text) => {
                    const parsed = parseFrenchDate(text);
                    if (!parsed.ok) return { ok: false, code: 'date-invalid', message: '' };
                    edit(() => setStep(doc, step.number, { date: parsed.value }));
                    return { ok: true };
                  }}
                />
                <ValidatedField
                  label={t('steps.who')}
                  value={step.who}
                  readOnly={readOnly}
                  onCommit={(text) => {
                    edit(() => setStep(doc, step.number, { who: text.trim() }));
                    return { ok: true };
                  }}
                />
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
