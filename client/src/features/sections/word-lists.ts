/**
 * Word copies its lists as plain paragraphs (`<p class=MsoListParagraph… style="mso-list:l0 level1
 * lfo1">`) whose bullet or number is a text span marked `mso-list:Ignore`. Pasted as is, they would
 * become paragraphs starting with "·" or "1.". Before the editor reads a paste, runs of such
 * paragraphs become real nested `<ul>` / `<ol>` lists (the marker decides which), without the
 * marker; the schema then keeps the lists and drops Word's styles as for any paste.
 */

const MSO_LIST = /mso-list:\s*(l\d+)\s+level(\d+)/i;
const ORDERED_MARKER = /^\s*(?:\d+|[a-z]|[ivxlcdm]+)[.)]/i;

interface Item {
  paragraph: HTMLElement;
  level: number;
  ordered: boolean;
}

function listInfo(element: Element): { level: number } | null {
  const style = element.getAttribute('style') ?? '';
  if (/mso-list:\s*(ignore|none)/i.test(style)) return null;
  const match = MSO_LIST.exec(style);
  return match ? { level: Number(match[2]) || 1 } : null;
}

/** Take the marker span(s) out of a list paragraph; returns the marker's text. */
function takeMarker(paragraph: HTMLElement): string {
  let marker = '';
  for (const span of paragraph.querySelectorAll('[style*="mso-list"]')) {
    if (/mso-list:\s*ignore/i.test(span.getAttribute('style') ?? '')) {
      marker += span.textContent ?? '';
      span.remove();
    }
  }
  return marker;
}

function buildList(document: Document, items: Item[]): HTMLElement {
  const root = document.createElement(items[0]!.ordered ? 'ol' : 'ul');
  const stack: { level: number; list: HTMLElement }[] = [{ level: items[0]!.level, list: root }];
  for (const item of items) {
    while (stack.length > 1 && stack.at(-1)!.level > item.level) stack.pop();
    let top = stack.at(-1)!;
    if (item.level > top.level) {
      const nested = document.createElement(item.ordered ? 'ol' : 'ul');
      const parentItem =
        top.list.lastElementChild ?? top.list.appendChild(document.createElement('li'));
      parentItem.appendChild(nested);
      top = { level: item.level, list: nested };
      stack.push(top);
    }
    const li = document.createElement('li');
    const p = document.createElement('p');
    while (item.paragraph.firstChild) p.appendChild(item.paragraph.firstChild);
    li.appendChild(p);
    top.list.appendChild(li);
  }
  return root;
}

/** Word's list paragraphs as real lists; any other HTML comes back unchanged. */
export function wordListsToHtmlLists(html: string): string {
  if (!/mso-list/i.test(html)) return html;
  const document = new DOMParser().parseFromString(html, 'text/html');
  const candidates = [...document.body.querySelectorAll<HTMLElement>('p, h1, h2, h3, h4, h5, h6')];
  const done = new Set<HTMLElement>();
  for (const first of candidates) {
    if (done.has(first) || !listInfo(first)) continue;
    // The run: this paragraph and the list paragraphs right after it (blank text between is fine).
    const run: Item[] = [];
    let node: ChildNode | null = first;
    while (node) {
      if (node.nodeType === Node.TEXT_NODE && !(node.textContent ?? '').trim()) {
        node = node.nextSibling;
        continue;
      }
      if (node.nodeType === Node.COMMENT_NODE) {
        node = node.nextSibling;
        continue;
      }
      if (!(node instanceof HTMLElement)) break;
      const info = listInfo(node);
      if (!info) break;
      const marker = takeMarker(node);
      run.push({ paragraph: node, level: info.level, ordered: ORDERED_MARKER.test(marker) });
      done.add(node);
      node = node.nextSibling;
    }
    if (run.length === 0) continue;
    const list = buildList(document, run);
    first.before(list);
    for (const item of run) item.paragraph.remove();
  }
  return document.body.innerHTML;
}
