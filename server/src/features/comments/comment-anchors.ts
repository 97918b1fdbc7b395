/**
 * What a thread is about, read from the live cycle model: whether its anchor still exists, the
 * text to quote, and where it sits (theme, domain number, row number). Anchors are stable ids, so
 * moving a row, renumbering domains or editing cells never changes which thread belongs where;
 * only a row (or theme, action, section) that is no longer in the model detaches its threads. A
 * passage of a section is the text its comment mark wraps: erased, it detaches its thread.
 */
import { byOrder, commentPassages, domainNumbers, type CycleModel } from '@pilotis/shared';

export const ANCHOR_KINDS = ['row', 'theme', 'action', 'section', 'passage'] as const;
export type AnchorKind = (typeof ANCHOR_KINDS)[number];

/** Where an anchor sits in the cycle, as last seen (kept for detached threads). */
export interface AnchorContext {
  themeNumber?: number;
  themeTitle?: string;
  domainNumber?: string;
  domainTitle?: string;
  /** 1-based position of the row in its domain ("1.3 n°1"). */
  rowIndex?: number;
  /** For a passage: the section holding it. */
  sectionId?: string;
  sectionTitle?: string;
}

export interface AnchorInfo {
  quote: string;
  context: AnchorContext;
}

/** Every anchor of a cycle by `<kind>:<id>`, with its quote and context. */
export function anchorIndex(model: CycleModel): Map<string, AnchorInfo> {
  const index = new Map<string, AnchorInfo>();
  const numbers = domainNumbers(model.themes, model.domains);
  const themeById = new Map(model.themes.map((theme) => [theme.id, theme]));
  const domainById = new Map(model.domains.map((domain) => [domain.id, domain]));
  for (const theme of model.themes) {
    index.set(`theme:${theme.id}`, {
      quote: `${theme.number}. ${theme.title}`,
      context: { themeNumber: theme.number, themeTitle: theme.title },
    });
  }
  const rowsByDomain = new Map<string, typeof model.rows>();
  for (const row of model.rows) {
    const list = rowsByDomain.get(row.domainId) ?? [];
    list.push(row);
    rowsByDomain.set(row.domainId, list);
  }
  for (const [domainId, rows] of rowsByDomain) {
    const domain = domainById.get(domainId);
    const theme = domain ? themeById.get(domain.themeId) : undefined;
    [...rows].sort(byOrder).forEach((row, position) => {
      index.set(`row:${row.id}`, {
        quote: row.label,
        context: {
          themeNumber: theme?.number,
          themeTitle: theme?.title,
          domainNumber: numbers.get(domainId) ?? '',
          domainTitle: domain?.title ?? '',
          rowIndex: position + 1,
        },
      });
    });
  }
  for (const action of model.actions) {
    index.set(`action:${action.id}`, { quote: action.title, context: {} });
  }
  for (const section of model.sections) {
    index.set(`section:${section.id}`, { quote: section.title, context: {} });
    // A passage is known by its thread's id, carried by the comment mark in the section's text;
    // it exists as long as the mark still wraps some text.
    for (const [threadId, text] of commentPassages(section.body)) {
      index.set(`passage:${threadId}`, {
        quote: text,
        context: { sectionId: section.id, sectionTitle: section.title },
      });
    }
  }
  return index;
}

export const anchorKey = (kind: string, id: string): string => `${kind}:${id}`;
