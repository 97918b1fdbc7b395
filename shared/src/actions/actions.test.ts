import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { addRow, deleteRow } from '../grid/grid-ops.ts';
import { parseFrenchAmount, parseFrenchNumber } from '../text/french-number.ts';
import { parseFrenchDate } from '../text/french-date.ts';
import {
  actionText,
  createAction,
  deleteAction,
  linkRow,
  readActions,
  restoreAction,
  setActionAmount,
  setActionDate,
  setActionOwner,
  setActionStatus,
  unlinkRow,
} from './action-ops.ts';
import {
  actionLinks,
  actionMatches,
  actionQuarter,
  isLate,
  NO_ACTION_FILTER,
  planTotals,
  rowReferences,
  sortActions,
} from './action-calc.ts';
import { buildExportModel } from '../export/export-model.ts';

function newDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative Été', year: 2026 }));
  return doc;
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const state = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc);
const author = { name: 'Amélie' };

describe('French input (one parser: shared/src/text)', () => {
  it('reads amounts as a French speaker types them, with the value field’s parser', () => {
    expect(parseFrenchAmount('1 234,50')).toEqual({ ok: true, value: 1234.5 });
    expect(parseFrenchAmount('12 500 €')).toEqual({ ok: true, value: 12500 });
    expect(parseFrenchAmount('1\u202f234,50\u00a0€')).toEqual({ ok: true, value: 1234.5 });
    expect(parseFrenchAmount('38,5')).toEqual({ ok: true, value: 38.5 });
    expect(parseFrenchAmount('0,105')).toEqual({ ok: true, value: 0.11 });
    expect(parseFrenchAmount('')).toEqual({ ok: true, value: null });
    expect(parseFrenchAmount('-5')).toMatchObject({ ok: false, code: 'amount-negative' });
    for (const bad of ['douze', '12,5,3', '1.234,5', '38,5 %']) {
      expect(parseFrenchAmount(bad)).toMatchObject({ ok: false, code: 'amount-invalid' });
    }
  });

  it('accepts and refuses exactly what the value field does (same parser)', () => {
    for (const input of ['1 234,5', '1\u00a0234', '38.5', ',5', '1.234,5', '12 34', 'abc', '7 €']) {
      const number = parseFrenchNumber(input);
      const amount = parseFrenchAmount(input);
      expect(amount.ok, input).toBe(number.ok);
      if (amount.ok && number.ok) expect(amount.value).toBe(number.value);
    }
  });

  it('reads dates as jj/mm/aaaa and refuses impossible ones', () => {
    expect(parseFrenchDate('26/11/2026')).toEqual({ ok: true, value: '2026-11-26' });
    expect(parseFrenchDate('5/1/27')).toEqual({ ok: true, value: '2027-01-05' });
    expect(parseFrenchDate('2027-03-31')).toEqual({ ok: true, value: '2027-03-31' });
    expect(parseFrenchDate('31/02/2027').ok).toBe(false);
    expect(parseFrenchDate('demain')).toMatchObject({ ok: false, message: /jj\/mm\/aaaa/ });
  });
});

describe('action edits', () => {
  it('refuses invalid amounts and dates with a French message and stores nothing', () => {
    const doc = newDoc();
    const id = createAction(doc, { title: 'Former le bureau' }, author);
    expect(setActionAmount(doc, id, 'budget', '1 234,50 €', author)).toEqual({ ok: true });
    expect(setActionDate(doc, id, 'startDate', '01/03/2027', author).ok).toBe(true);
    const before = state(doc);
    const negative = setActionAmount(doc, id, 'budget', '-300', author);
    expect(negative).toMatchObject({ ok: false, code: 'amount-negative' });
    expect(negative.ok ? '' : negative.message).toMatch(/négatif/);
    const word = setActionAmount(doc, id, 'budgetSpent', 'beaucoup', author);
    expect(word.ok ? '' : word.message).toMatch(/Montant non reconnu/);
    const early = setActionDate(doc, id, 'dueDate', '28/02/2027', author);
    expect(early.ok ? '' : early.message).toBe('L’échéance ne peut pas précéder la date de début.');
    const badDate = setActionDate(doc, id, 'dueDate', '30/02/2027', author);
    expect(badDate.ok ? '' : badDate.message).toMatch(/jj\/mm\/aaaa/);
    // A start after the due date is the same mistake seen from the other side.
    setActionDate(doc, id, 'dueDate', '30/06/2027', author);
    const afterDue = state(doc);
    expect(setActionDate(doc, id, 'startDate', '01/07/2027', author).ok).toBe(false);
    expect(state(doc)).toEqual(afterDue);
    expect(before).not.toEqual(afterDue);
    const action = readActions(doc)[0]!;
    expect(action).toMatchObject({
      budget: 1234.5,
      budgetSpent: null,
      startDate: '2027-03-01',
      dueDate: '2027-06-30',
    });
  });

  it('asks a reason before abandoning an action', () => {
    const doc = newDoc();
    const id = createAction(doc, { title: 'Enquête' });
    expect(setActionStatus(doc, id, 'abandoned', author)).toMatchObject({
      ok: false,
      code: 'reason-required',
    });
    expect(readActions(doc)[0]!.status).toBe('todo');
    expect(setActionStatus(doc, id, 'abandoned', author, 'Budget coupé par le CA').ok).toBe(true);
    expect(readActions(doc)[0]).toMatchObject({
      status: 'abandoned',
      abandonReason: 'Budget coupé par le CA',
    });
  });

  it('merges two people typing in the same description at once', () => {
    const a = newDoc();
    const id = createAction(a, { title: 'Plan de formation' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    actionText(a, id, 'description').insert(0, 'Deux sessions l’hiver 🎓');
    actionText(b, id, 'description').insert(0, 'Avec l’URSCOP\n');
    exchange(a, b);
    const text = readActions(a)[0]!.description;
    expect(text).toContain('Deux sessions l’hiver 🎓');
    expect(text).toContain('Avec l’URSCOP\n');
    expect(readActions(b)[0]!.description).toBe(text);
  });

  it('links several rows; a deleted row leaves the other links and says it is gone', () => {
    const doc = newDoc();
    const model = readCycle(doc);
    const [r1, r2, r3] = model.rows;
    const refs = rowReferences(model);
    const id = createAction(doc, { title: 'Former' });
    for (const row of [r1!, r2!, r3!])
      linkRow(doc, id, row.id, `${refs.get(row.id)} — ${row.label}`);
    linkRow(doc, id, r2!.id, 'again');
    expect(readActions(doc)[0]!.rowIds).toEqual([r1!.id, r2!.id, r3!.id]);
    unlinkRow(doc, id, r3!.id);
    deleteRow(doc, r1!.id);
    const after = readCycle(doc);
    const links = actionLinks(after, after.actions[0]!);
    expect(links).toHaveLength(2);
    expect(links[0]).toMatchObject({
      rowId: r1!.id,
      gone: true,
      label: `${refs.get(r1!.id)} — ${r1!.label}`,
    });
    expect(links[1]).toMatchObject({
      rowId: r2!.id,
      gone: false,
      label: r2!.label,
      reference: rowReferences(after).get(r2!.id),
    });
    const exported = buildExportModel(after, {
      versionLabel: null,
      exportedAt: new Date('2026-11-26T10:00:00Z'),
      exportedBy: null,
    });
    expect(exported.actions[0]!.rowRefs).toEqual([
      `ligne supprimée (${refs.get(r1!.id)} — ${r1!.label})`,
      rowReferences(after).get(r2!.id),
    ]);
  });

  it('two people linking the same row at once keep one link', () => {
    const a = newDoc();
    const rowId = readCycle(a).rows[0]!.id;
    const id = createAction(a);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    linkRow(a, id, rowId, 'x');
    linkRow(b, id, rowId, 'x');
    exchange(a, b);
    expect(readActions(a)[0]!.rowIds).toEqual([rowId]);
    unlinkRow(a, id, rowId);
    expect(readActions(a)[0]!.rowIds).toEqual([]);
  });

  it('puts an action in the bin and brings it back whole', () => {
    const doc = newDoc();
    const id = createAction(doc, { title: 'Charte' });
    actionText(doc, id, 'notes').insert(0, 'Relire avec le CA');
    setActionOwner(doc, id, { id: null, name: 'Zoé' });
    deleteAction(doc, id);
    expect(planTotals(readCycle(doc)).overall.count).toBe(0);
    expect(
      buildExportModel(readCycle(doc), {
        versionLabel: null,
        exportedAt: new Date(),
        exportedBy: null,
      }).actions,
    ).toEqual([]);
    restoreAction(doc, id);
    expect(readActions(doc)[0]).toMatchObject({
      title: 'Charte',
      notes: 'Relire avec le CA',
      owner: 'Zoé',
      deletedAt: null,
    });
  });
});

describe('totals, lateness, quarters', () => {
  it('sums per theme and overall, and counts by status', () => {
    const doc = newDoc();
    const model = readCycle(doc);
    const [themeA, themeB] = model.themes;
    const rowOf = (themeId: string) => {
      const domain = model.domains.find((d) => d.themeId === themeId)!;
      return model.rows.find((r) => r.domainId === domain.id) ?? { id: addRow(doc, domain.id) };
    };
    const rowA = rowOf(themeA!.id);
    const rowB = rowOf(themeB!.id);
    const make = (
      rowIds: string[],
      planned: string,
      spent: string,
      status?: 'done' | 'in-progress',
    ) => {
      const id = createAction(doc, { rowIds });
      setActionAmount(doc, id, 'budget', planned);
      setActionAmount(doc, id, 'budgetSpent', spent);
      if (status) setActionStatus(doc, id, status);
      return id;
    };
    make([rowA.id], '1 234,50', '100', 'done');
    make([rowA.id, rowB.id], '0,1', '0,2', 'in-progress');
    make([rowB.id], '12 500 €', '');
    make([], '0,2', '38,5');
    const binned = make([rowA.id], '999', '999');
    deleteAction(doc, binned);
    const totals = planTotals(readCycle(doc));
    expect(totals.byTheme.get(themeA!.id)).toEqual({
      planned: 1234.6,
      spent: 100.2,
      count: 2,
      byStatus: { todo: 0, 'in-progress': 1, done: 1, abandoned: 0 },
    });
    expect(totals.byTheme.get(themeB!.id)).toMatchObject({ planned: 12500, spent: 0, count: 1 });
    expect(totals.byTheme.get('')).toMatchObject({ planned: 0.2, spent: 38.5, count: 1 });
    expect(totals.overall).toEqual({
      planned: 13734.8,
      spent: 138.7,
      count: 4,
      byStatus: { todo: 2, 'in-progress': 1, done: 1, abandoned: 0 },
    });
  });

  it('says late only when due strictly before the day and not done nor abandoned', () => {
    const doc = newDoc();
    const id = createAction(doc);
    setActionDate(doc, id, 'dueDate', '31/03/2027');
    const action = () => readActions(doc)[0]!;
    expect(isLate(action(), '2027-03-31')).toBe(false);
    expect(isLate(action(), '2027-04-01')).toBe(true);
    setActionStatus(doc, id, 'in-progress');
    expect(isLate(action(), '2027-04-01')).toBe(true);
    setActionStatus(doc, id, 'done');
    expect(isLate(action(), '2027-04-01')).toBe(false);
    const undated = createAction(doc);
    expect(
      isLate(
        readActions(doc).find((a) => a.id === undated)!,
        '2099-01-01',
      ),
    ).toBe(false);
    const filter = { ...NO_ACTION_FILTER, lateOnly: true };
    setActionStatus(doc, id, 'todo');
    const model = readCycle(doc);
    expect(
      model.actions.filter((a) => actionMatches(model, a, filter, '2027-04-01')).map((a) => a.id),
    ).toEqual([id]);
  });

  it('derives the quarter from the dates unless one is chosen', () => {
    const doc = newDoc();
    const id = createAction(doc);
    expect(actionQuarter(readActions(doc)[0]!)).toBeNull();
    setActionDate(doc, id, 'dueDate', '15/05/2027');
    expect(actionQuarter(readActions(doc)[0]!)).toBe('2027-T2');
    setActionDate(doc, id, 'startDate', '31/12/2026');
    expect(actionQuarter(readActions(doc)[0]!)).toBe('2026-T4');
  });

  it('filters "mes actions" by account or by name, and sorts with empty values last', () => {
    const doc = newDoc();
    const a = createAction(doc, { title: 'Écrire' });
    const b = createAction(doc, { title: 'Animer' });
    const c = createAction(doc, { title: 'Budget' });
    setActionOwner(doc, a, { id: 'u1', name: 'Amélie Durand' });
    setActionOwner(doc, b, { id: null, name: 'amelie durand' });
    setActionAmount(doc, a, 'budget', '50');
    setActionAmount(doc, b, 'budget', '7');
    const model = readCycle(doc);
    const mine = { ...NO_ACTION_FILTER, mine: { id: 'u1', name: 'Amélie Durand' } };
    expect(
      model.actions.filter((x) => actionMatches(model, x, mine, '2027-01-01')).map((x) => x.id),
    ).toEqual([a, b]);
    expect(sortActions(model.actions, 'budget', -1).map((x) => x.id)).toEqual([a, b, c]);
    expect(sortActions(model.actions, 'budget', 1).map((x) => x.id)).toEqual([b, a, c]);
    expect(sortActions(model.actions, 'title', 1).map((x) => x.title)).toEqual([
      'Animer',
      'Budget',
      'Écrire',
    ]);
  });
});
