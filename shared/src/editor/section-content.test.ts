import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isAllowedLink, editorSchema } from './editor-schema.ts';
import {
  countWords,
  readSectionBody,
  richToHtml,
  richToPlainText,
  type RichDoc,
} from './section-content.ts';
import { richBodyElements } from './cycle-sections.ts';

/** A body using every node and mark of the schema, with French text. */
export const EVERY_NODE: RichDoc = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Titre deux' }] },
    { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Titre trois' }] },
    { type: 'heading', attrs: { level: 4 }, content: [{ type: 'text', text: 'Titre quatre' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Du gras', marks: [{ type: 'bold' }] },
        { type: 'text', text: ', de l’italique', marks: [{ type: 'italic' }] },
        { type: 'text', text: ', du souligné', marks: [{ type: 'underline' }] },
        { type: 'hardBreak' },
        {
          type: 'text',
          text: 'un lien',
          marks: [{ type: 'link', attrs: { href: 'https://exemple.fr/a?b=1&c=2' } }],
        },
        {
          type: 'text',
          text: ' et un passage commenté 😀',
          marks: [{ type: 'comment', attrs: { threadId: 'th1' } }],
        },
      ],
    },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Puce une' }] }],
        },
        {
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Puce deux' }] }],
        },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 1 },
      content: [
        {
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Étape 38,5' }] }],
        },
      ],
    },
    {
      type: 'blockquote',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Une citation' }] }],
    },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            {
              type: 'tableHeader',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'En-tête' }] }],
            },
            {
              type: 'tableHeader',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Montant' }] }],
            },
          ],
        },
        {
          type: 'tableRow',
          content: [
            {
              type: 'tableCell',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Budget' }] }],
            },
            {
              type: 'tableCell',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: '1 234,50 €' }] }],
            },
          ],
        },
      ],
    },
  ],
};

function texts(node: { text?: string; content?: unknown[] }): string[] {
  return [
    ...(node.text ? [node.text] : []),
    ...((node.content ?? []) as { text?: string; content?: unknown[] }[]).flatMap(texts),
  ];
}

function fragmentOf(body: RichDoc): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('body');
  fragment.insert(0, richBodyElements(body));
  return fragment;
}

describe('section content', () => {
  it('uses every node and mark of the schema in the fixture', () => {
    const used = new Set<string>();
    const visit = (node: { type: string; marks?: { type: string }[]; content?: unknown[] }) => {
      used.add(node.type);
      node.marks?.forEach((mark) => used.add(mark.type));
      (node.content as (typeof node)[] | undefined)?.forEach(visit);
    };
    visit(EVERY_NODE);
    const schema = editorSchema();
    for (const name of [...Object.keys(schema.nodes), ...Object.keys(schema.marks)]) {
      expect(used, name).toContain(name);
    }
  });

  it('reads back, renders to HTML and to plain text without losing any text', () => {
    const read = readSectionBody(fragmentOf(EVERY_NODE));
    expect(read).toEqual(EVERY_NODE);
    const html = richToHtml(read);
    const plain = richToPlainText(read);
    for (const text of texts(EVERY_NODE)) {
      expect(plain).toContain(text);
      expect(html).toContain(text.replace(/&/g, '&amp;'));
    }
    expect(html).toContain('<h2>Titre deux</h2>');
    expect(html).toContain('<strong>Du gras</strong>');
    expect(html).toContain(
      '<a href="https://exemple.fr/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">un lien</a>',
    );
    expect(html).toContain('<ul><li><p>Puce une</p></li>');
    expect(html).toContain('<th><p>En-tête</p></th>');
    expect(html).not.toContain('th1');
    expect(plain).toContain('• Puce une');
    expect(plain).toContain('1. Étape 38,5');
    expect(plain).toContain('Budget | 1 234,50 €');
    expect(plain).toContain('Du gras, de l’italique, du souligné\nun lien');
  });

  it('renders content written without the editor safely: bad link, unknown node, raw HTML', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('body');
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    const unknown = new Y.XmlElement('iframe');
    unknown.setAttribute('src', 'https://malveillant.example');
    unknown.insert(0, [new Y.XmlText('texte du nœud inconnu')]);
    const image = new Y.XmlElement('heading');
    image.setAttribute('level', '1');
    image.setAttribute('style', 'color:red');
    image.insert(0, [new Y.XmlText('Titre <img src=x onerror=alert(3)>')]);
    fragment.insert(0, [paragraph, unknown, image, new Y.XmlText('texte libre')]);
    text.insert(0, 'cliquez ici', { link: { href: 'javascript:alert(1)' } });
    text.insert(text.length, ' <script>alert("x")</script>', { bold: {} });
    text.insert(text.length, ' et là', {
      link: { href: ' JaVa\tScRiPt:alert(2)' },
      onclick: { x: 1 },
    });

    const read = readSectionBody(fragment);
    const html = richToHtml(read);
    expect(html).not.toMatch(/<script|<iframe|<img|<a |javascript:|onclick|style=/i);
    expect(html).toContain('cliquez ici');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<p>texte du nœud inconnu</p>');
    expect(html).toContain('<h2>Titre &lt;img src=x onerror=alert(3)&gt;</h2>');
    expect(html).toContain('<p>texte libre</p>');
    const plain = richToPlainText(read);
    expect(plain).toContain('cliquez ici <script>alert("x")</script> et là');
    expect(plain).toContain('texte du nœud inconnu');
  });

  it('accepts only http, https and mailto links', () => {
    expect(isAllowedLink('https://www.cress.fr/guide')).toBe(true);
    expect(isAllowedLink('http://exemple.fr')).toBe(true);
    expect(isAllowedLink('mailto:contact@exemple.fr')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'java\nscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      'ftp://exemple.fr',
      '/relatif',
      'mailto:',
      'https://',
      42,
    ]) {
      expect(isAllowedLink(bad), String(bad)).toBe(false);
    }
  });

  it('counts French words', () => {
    expect(countWords('Aujourd’hui, 38,5 % des salariés — soit 12 — sont là.')).toBe(8);
    expect(countWords('')).toBe(0);
  });
});
