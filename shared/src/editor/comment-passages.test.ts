import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { editorSchema } from './editor-schema.ts';
import { paragraphElements, readSectionBody } from './section-content.ts';
import { commentMarkAttribute, commentPassages, markPassage } from './comment-passages.ts';

function section(text: string) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('body');
  fragment.insert(0, paragraphElements(text));
  const texts = fragment.toArray().map((p) => (p as Y.XmlElement).get(0) as Y.XmlText);
  return { doc, fragment, texts };
}

/** The characters of a Y.XmlText (its toString() writes formatting as tags). */
const plain = (text: Y.XmlText) =>
  (text.toDelta() as { insert: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');

const at = (text: Y.XmlText, index: number, assoc = 0) =>
  Y.createRelativePositionFromTypeIndex(text, index, assoc);

/** The passage each thread wraps, as the server reads it from the document. */
const passages = (fragment: Y.XmlFragment) => commentPassages(readSectionBody(fragment));

describe('comment passages', () => {
  it('stores the mark under the attribute the editor’s Yjs binding uses', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('body');
    prosemirrorJSONToYXmlFragment(
      editorSchema(),
      {
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text: 'un passage',
                marks: [
                  { type: 'comment', attrs: { threadId: 'f3b1c2d4-0000-4000-8000-000000000001' } },
                ],
              },
            ],
          },
        ],
      },
      fragment,
    );
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const [op] = text.toDelta() as { attributes: Record<string, unknown> }[];
    expect(Object.keys(op!.attributes)).toEqual([
      commentMarkAttribute('f3b1c2d4-0000-4000-8000-000000000001'),
    ]);
  });

  it('marks the selected passage, follows edits around and inside it, and is gone once erased', () => {
    const { fragment, texts } = section(
      'Notre démarche associe les salariés et les bénévoles.\nLe calendrier court jusqu’à l’AG du 12 juin.',
    );
    const [first] = texts;
    const start = plain(first!).indexOf('les salariés');
    const quote = markPassage(
      fragment,
      at(first!, start),
      at(first!, start + 'les salariés'.length, -1),
      'th-1',
    );
    expect(quote).toBe('les salariés');
    expect(passages(fragment).get('th-1')).toBe('les salariés');

    // The editor reads the mark back as a comment mark on exactly that text.
    const node = yXmlFragmentToProseMirrorRootNode(fragment, editorSchema());
    const marked: string[] = [];
    node.descendants((child) => {
      if (
        child.isText &&
        child.marks.some((m) => m.type.name === 'comment' && m.attrs.threadId === 'th-1')
      )
        marked.push(child.text!);
    });
    expect(marked).toEqual(['les salariés']);

    // Someone types before it, after it and inside it.
    first!.insert(0, '« Depuis 2024 » ');
    // (the mark is not inclusive: text typed right after it is not commented)
    first!.insert(plain(first!).indexOf(' et les bénévoles'), ' ✅', {
      [commentMarkAttribute('th-1')]: null,
    });
    // Typing inside the passage: the editor gives the new text the marks around it.
    first!.insert(plain(first!).indexOf('salariés'), 'tous ', {
      [commentMarkAttribute('th-1')]: { threadId: 'th-1' },
    });
    expect(passages(fragment).get('th-1')).toBe('les tous salariés');
    expect(plain(first!)).toContain('« Depuis 2024 » Notre démarche');

    // The passage is deleted: no thread has a passage any more.
    const from = plain(first!).indexOf('les tous salariés');
    first!.delete(from, 'les tous salariés'.length);
    expect(passages(fragment).has('th-1')).toBe(false);
  });

  it('marks a passage across two paragraphs and lets several threads overlap', () => {
    const { fragment, texts } = section(
      'Premier paragraphe, fin.\nSecond paragraphe, 38,5 % des voix.',
    );
    const [one, two] = texts;
    const quote = markPassage(fragment, at(one!, 20), at(two!, 6, -1), 'th-a');
    expect(quote).toBe('fin.\nSecond');
    const inner = markPassage(fragment, at(two!, 0), at(two!, 18, -1), 'th-b');
    expect(inner).toBe('Second paragraphe,');
    const found = passages(fragment);
    expect(found.get('th-a')).toBe('fin.\nSecond');
    expect(found.get('th-b')).toBe('Second paragraphe,');
  });

  it('writes nothing when the positions do not enclose text of this section', () => {
    const { fragment, texts } = section('Un seul paragraphe.');
    const other = section('Ailleurs.');
    expect(markPassage(fragment, at(texts[0]!, 5), at(texts[0]!, 5), 'th-x')).toBe('');
    expect(markPassage(fragment, at(other.texts[0]!, 0), at(other.texts[0]!, 4), 'th-y')).toBe('');
    expect(passages(fragment).size).toBe(0);
  });
});
