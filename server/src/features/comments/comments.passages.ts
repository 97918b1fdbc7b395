/**
 * Anchoring a thread on a passage of a section (issue 12): the browser sends the selection as two
 * Yjs relative positions; the server resolves them in the live document and writes the `comment`
 * mark through a Hocuspocus direct connection — so a commentateur, who cannot write to the
 * document, still gets the passage marked, and everyone with the section open sees it at once.
 */
import { randomUUID } from 'node:crypto';
import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { markPassage, sectionBody, type CycleModel } from '@pilotis/shared';
import { badRequest } from '../../errors.ts';
import { editLiveCycle } from '../cycles/live-cycle.ts';
import type { AnchorInfo } from './comment-anchors.ts';

function decodePosition(base64: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(new Uint8Array(Buffer.from(base64, 'base64')));
  } catch {
    return null;
  }
}

/**
 * Mark the passage and return the new thread's id with what it wraps; a 400 in French when the
 * section or the passage is not there (any more).
 */
export async function markThreadPassage(
  hocuspocus: Hocuspocus,
  input: {
    documentName: string;
    model: CycleModel;
    sectionId: string;
    passage: { from: string; to: string } | undefined;
  },
): Promise<{ threadId: string; info: AnchorInfo }> {
  const section = input.model.sections.find((candidate) => candidate.id === input.sectionId);
  if (!section) {
    throw badRequest(
      'unknown_anchor',
      'La section à commenter n’existe pas (ou plus) dans ce cycle.',
    );
  }
  const from = input.passage ? decodePosition(input.passage.from) : null;
  const to = input.passage ? decodePosition(input.passage.to) : null;
  if (!from || !to) {
    throw badRequest('invalid_passage', 'Sélectionnez le passage à commenter dans le texte.');
  }
  const threadId = randomUUID();
  const quote = await editLiveCycle(hocuspocus, input.documentName, (doc) => {
    const fragment = sectionBody(doc, input.sectionId);
    return fragment ? markPassage(fragment, from, to, threadId) : '';
  });
  if (!quote) {
    throw badRequest(
      'passage_gone',
      'Le passage sélectionné n’existe plus (il a peut-être été modifié) : sélectionnez-le à nouveau.',
    );
  }
  return {
    threadId,
    info: { quote, context: { sectionId: section.id, sectionTitle: section.title } },
  };
}
