/**
 * The stakeholder map (§2.8, issue 11): a live-edited table (name, category, relation,
 * participation, influence and involvement 1–4) and the 2×2 map influence × involvement, in type
 * large enough for a projector.
 */
import { useState } from 'react';
import * as Y from 'yjs';
import {
  QUADRANT_LABELS_FR,
  ROOT,
  STAKEHOLDER_CATEGORIES,
  STAKEHOLDER_LEVELS,
  addStakeholder,
  deleteStakeholder,
  setStakeholderField,
  stakeholderCategoryLabel,
  stakeholderQuadrant,
  textOf,
  type StakeholderCategory,
  type StakeholderQuadrant,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { CollabText } from '../../collab/collab-text.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import './sections.css';

function fieldText(doc: Y.Doc, id: string, field: string): Y.Text | null {
  const map = doc.getMap<Y.Map<unknown>>(ROOT.stakeholders).get(id);
  return map instanceof Y.Map ? textOf(map, field) : null;
}

const MAP_ROWS: StakeholderQuadrant[][] = [
  ['satisfy', 'key'],
  ['monitor', 'inform'],
];

export function StakeholdersView({ context }: { context: CycleViewContext }) {
  const { t } = useI18n();
  const { doc, model, readOnly, edit, announce } = context;
  const [name, setName] = useState('');
  const [category, setCategory] = useState<StakeholderCategory>('partenaires');
  const stakeholders = model.stakeholders;

  const handleAdd = (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    edit(() => addStakeholder(doc, name.trim(), category));
    setName('');
  };
  const level = (value: number | null | undefined) => (value ? String(value) : '');

  return (
    <div className="stakeholders-view">
      <h2>{t('stakeholders.title')}</h2>
      {stakeholders.length === 0 ? (
        <p className="muted">{t('stakeholders.empty')}</p>
      ) : (
        <div className="stakeholders-table-wrap">
          <table className="stakeholders-table">
            <caption className="visually-hidden">{t('stakeholders.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stakeholders.name')}</th>
                <th scope="col">{t('stakeholders.category')}</th>
                <th scope="col">{t('stakeholders.relation')}</th>
                <th scope="col">{t('stakeholders.participation')}</th>
                <th scope="col">{t('stakeholders.influence')}</th>
                <th scope="col">{t('stakeholders.involvement')}</th>
                {!readOnly && (
                  <th scope="col">
                    <span className="visually-hidden">{t('stakeholders.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {stakeholders.map((s) => {
                const nameText = fieldText(doc, s.id, 'name');
                const relation = fieldText(doc, s.id, 'relation');
                const participation = fieldText(doc, s.id, 'participation');
                const who = s.name || t('stakeholders.unnamed');
                return (
                  <tr key={s.id}>
                    <td>
                      {nameText && (
                        <CollabText
                          text={nameText}
                          rows={1}
                          readOnly={readOnly}
                          aria-label={t('stakeholders.nameOf', { name: who })}
                        />
                      )}
                    </td>
                    <td>
                      <select
                        value={s.category}
                        disabled={readOnly}
                        aria-label={t('stakeholders.categoryOf', { name: who })}
                        onChange={(event) =>
                          edit(() => setStakeholderField(doc, s.id, 'category', event.target.value))
                        }
                      >
                        {!(STAKEHOLDER_CATEGORIES as readonly string[]).includes(s.category) && (
                          <option value={s.category}>{s.category}</option>
                        )}
                        {STAKEHOLDER_CATEGORIES.map((value) => (
                          <option key={value} value={value}>
                            {stakeholderCategoryLabel(value)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      {relation && (
                        <CollabText
                          text={relation}
                          rows={2}
                          readOnly={readOnly}
                          aria-label={t('stakeholders.relationOf', { name: who })}
                        />
                      )}
                    </td>
                    <td>
                      {participation && (
                        <CollabText
                          text={participation}
                          rows={2}
                          readOnly={readOnly}
                          aria-label={t('stakeholders.participationOf', { name: who })}
                        />
                      )}
                    </td>
                    {(['influence', 'involvement'] as const).map((field) => (
                      <td key={field}>
                        <select
                          value={level(s[field])}
                          disabled={readOnly}
                          aria-label={t(
                            field === 'influence'
                              ? 'stakeholders.influenceOf'
                              : 'stakeholders.involvementOf',
                            { name: who },
                          )}
                          onChange={(event) =>
                            edit(() =>
                              setStakeholderField(
                                doc,
                                s.id,
                                field,
                                event.target.value ? Number(event.target.value) : null,
                              ),
                            )
                          }
                        >
                          <option value="">—</option>
                          {STAKEHOLDER_LEVELS.map((value) => (
                            <option key={value} value={value}>
                              {value}
                            </option>
                          ))}
                        </select>
                      </td>
                    ))}
                    {!readOnly && (
                      <td>
                        <button
                          type="button"
                          aria-label={t('stakeholders.deleteOf', { name: who })}
                          onClick={() => {
                            edit(() => deleteStakeholder(doc, s.id));
                            announce(t('stakeholders.deleted', { name: who }), true);
                          }}
                        >
                          ✕
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {!readOnly && (
        <form className="stakeholder-add" onSubmit={handleAdd}>
          <div>
            <label htmlFor="stakeholder-new-name">{t('stakeholders.name')}</label>
            <input
              id="stakeholder-new-name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              required
            />
          </div>
          <div>
            <label htmlFor="stakeholder-new-category">{t('stakeholders.category')}</label>
            <select
              id="stakeholder-new-category"
              value={category}
              onChange={(event) => setCategory(event.target.value as StakeholderCategory)}
            >
              {STAKEHOLDER_CATEGORIES.map((value) => (
                <option key={value} value={value}>
                  {stakeholderCategoryLabel(value)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('stakeholders.add')}</button>
        </form>
      )}
      <section className="stakeholder-map-block" aria-labelledby="stakeholder-map-title">
        <h2 id="stakeholder-map-title">{t('stakeholders.map')}</h2>
        <div className="stakeholder-map">
          <p className="axis axis-y" aria-hidden="true">
            {t('stakeholders.axisInfluence')}
          </p>
          <div className="quadrants">
            {MAP_ROWS.flat().map((quadrant) => {
              const inside = stakeholders.filter((s) => stakeholderQuadrant(s) === quadrant);
              return (
                <section
                  key={quadrant}
                  className={`quadrant quadrant-${quadrant}`}
                  aria-label={QUADRANT_LABELS_FR[quadrant]}
                >
                  <h3>{QUADRANT_LABELS_FR[quadrant]}</h3>
                  {inside.length === 0 ? (
                    <p className="muted">—</p>
                  ) : (
                    <ul>
                      {inside.map((s) => (
                        <li key={s.id}>
                          {s.name}{' '}
                          <span className="muted">({stakeholderCategoryLabel(s.category)})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
          <p className="axis axis-x" aria-hidden="true">
            {t('stakeholders.axisInvolvement')}
          </p>
        </div>
        {stakeholders.some((s) => stakeholderQuadrant(s) === null) && (
          <p className="muted">
            {t('stakeholders.unassessed', {
              names: stakeholders
                .filter((s) => stakeholderQuadrant(s) === null)
                .map((s) => s.name)
                .join(', '),
            })}
          </p>
        )}
      </section>
    </div>
  );
}
