/**
 * Tagged PDF from pdfmake (issue 19, ADR 0015 "Tagged PDF"). pdfmake lays out the document
 * definition into pages of positioned items (lines of text, vectors) and draws them with PDFKit,
 * but marks nothing. Here the same layout engine and renderer run, each extended at one seam:
 *
 * - the layout builder remembers, for every line it builds, where its text node sits in the
 *   document (heading, paragraph, table → row → header or data cell, list → item, contents);
 * - the renderer opens a structure element for that place the first time it is met, wraps each
 *   line in marked content belonging to it, and draws everything else — rules, cell fills, list
 *   bullets, the footer, table headers repeated on later pages — as artifacts.
 *
 * The structure tree thus follows the document definition (the reading order of the page), while
 * the drawing is pdfmake's own, unchanged: the pages look exactly as before.
 *
 * What a node becomes: `style: 'h1' | 'h2' | 'h3'` → H1–H3; any other text → P (or the cell
 * itself when a table cell is a bare text); a `pdfTag` property (see {@link withTag}) overrides
 * it, or, on a stack, groups its children (BlockQuote…). Rows under `headerRows` hold TH cells.
 *
 * This uses pdfmake's internal modules (js/LayoutBuilder, js/Renderer, js/PDFDocument): the
 * package version is pinned, and the tagging test reads the structure tree back with poppler.
 */
import { createRequire } from 'node:module';
import type { Content } from 'pdfmake';

/** Structure types we emit (PDF 1.7 standard structure types). */
export type StructType =
  'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6' | 'P' | 'TH' | 'TD' | 'BlockQuote' | 'Caption' | 'Note';

/**
 * The structure type a node should get, set on the node itself: pdfmake keeps the objects of a
 * definition as they are, so the property is still there when the node is laid out.
 */
export function withTag<T extends Exclude<Content, string>>(node: T, tag: StructType): T {
  return Object.assign(node, { pdfTag: tag });
}

// --- pdfmake's internals, as far as they are used here ------------------------------------------

/** A node of the definition after pdfmake's preprocessing (objects only, kept by identity). */
interface LayoutNode {
  text?: unknown;
  style?: string | string[];
  stack?: LayoutNode[];
  ul?: LayoutNode[];
  ol?: LayoutNode[];
  table?: { body: LayoutNode[][]; headerRows?: number };
  toc?: { _table?: LayoutNode; title?: LayoutNode };
  pdfTag?: StructType;
  _span?: boolean;
}

interface PdfInline {
  text: string;
  link?: string | null;
  linkToDestination?: string | null;
  linkToPage?: number | null;
}

interface PdfLine {
  inlines: PdfInline[];
  id?: string;
  _outline?: unknown;
  _pageNodeRef?: unknown;
  _pilotisTag?: LineTag;
  _pilotisId?: number;
  clone(): PdfLine;
  getHeight(): number;
  getAscenderHeight(): number;
}

type Annotate = (x: number, y: number, w: number, h: number, options: object) => unknown;

interface PdfKitStructElement {
  add(child: PdfKitStructElement | PdfKitStructContent): PdfKitStructElement;
  end(): void;
}
type PdfKitStructContent = object;

interface PdfKitDocument extends NodeJS.ReadableStream {
  struct(type: string, options?: { scope?: 'Column' | 'Row' }): PdfKitStructElement;
  addStructure(element: PdfKitStructElement): PdfKitDocument;
  markContent(tag: string, options?: { type?: string } | null): PdfKitDocument;
  markStructureContent(tag: string): PdfKitStructContent;
  endMarkedContent(): PdfKitDocument;
  annotate: Annotate;
  end(): void;
}

interface PageItem {
  type: string;
  item: unknown;
}
interface LaidOutPage {
  items: PageItem[];
}

interface RowArguments {
  tableNode?: LayoutNode;
  rowIndex?: number;
}

interface LayoutBuilderInstance {
  registerTableLayouts(layouts: object): void;
  layoutDocument(
    content: unknown,
    pdfDocument: PdfKitDocument,
    styles: object,
    defaultStyle: object,
    background: unknown,
    header: unknown,
    footer: unknown,
    watermark: unknown,
    pageBreakBefore: unknown,
  ): LaidOutPage[];
  processNode(node: LayoutNode, isVerticalAlignmentAllowed?: boolean): void;
  processRow(args: RowArguments): unknown;
  buildNextLine(node: LayoutNode): PdfLine | null;
  addHeadersAndFooters(header: unknown, footer: unknown): void;
  addBackground(background: unknown): void;
}
type LayoutBuilderClass = new (
  pageSize: unknown,
  pageMargins: unknown,
  svgMeasure: unknown,
) => LayoutBuilderInstance;

interface RendererInstance {
  renderPages(pages: LaidOutPage[]): void;
  renderLine(line: PdfLine, x: number, y: number): void;
  renderVector(vector: unknown): void;
  renderImage(image: unknown): void;
  renderSVG(svg: unknown): void;
}
type RendererClass = new (pdfDocument: PdfKitDocument) => RendererInstance;

type PdfDocumentClass = new (
  fonts: object,
  images: object,
  patterns: object,
  attachments: object,
  options: object,
  virtualfs: null,
  localAccessPolicy: (file: string) => boolean,
) => PdfKitDocument;

const require = createRequire(import.meta.url);
const { default: PdfMakeDocument } = require('pdfmake/js/PDFDocument.js') as {
  default: PdfDocumentClass;
};
const { default: LayoutBuilder } = require('pdfmake/js/LayoutBuilder.js') as {
  default: LayoutBuilderClass;
};
const { default: Renderer } = require('pdfmake/js/Renderer.js') as { default: RendererClass };
const { default: SVGMeasure } = require('pdfmake/js/SVGMeasure.js') as {
  default: new () => unknown;
};
const { normalizePageSize, normalizePageMargin } = require('pdfmake/js/PageSize.js') as {
  normalizePageSize: (size: unknown, orientation: unknown) => unknown;
  normalizePageMargin: (margin: unknown) => unknown;
};
const { tableLayouts } = require('pdfmake/js/tableLayouts.js') as { tableLayouts: object };

// --- Where a line belongs -----------------------------------------------------------------------

/** One level of a line's place: a structure element, known by a key unique in the document. */
interface Segment {
  key: string;
  type: string;
  scope?: 'Column' | 'Row';
}
/** The path from the document root to the element holding a line; null: an artifact. */
type LineTag = { path: Segment[]; leaf: string } | null;

/** A row being laid out, between the table and its cells. */
class RowFrame {
  readonly row: number;
  readonly table: LayoutNode;
  constructor(row: number, table: LayoutNode) {
    this.row = row;
    this.table = table;
  }
}
type Frame = LayoutNode | RowFrame;
const isRow = (frame: Frame | undefined): frame is RowFrame => frame instanceof RowFrame;

const HEADING_STYLES: Record<string, StructType> = { h1: 'H1', h2: 'H2', h3: 'H3' };

function headingOf(style: LayoutNode['style']): StructType | undefined {
  const styles = Array.isArray(style) ? style : style ? [style] : [];
  for (const name of styles) {
    const heading = HEADING_STYLES[name];
    if (heading) return heading;
  }
  return undefined;
}

class TaggingLayoutBuilder extends LayoutBuilder {
  private readonly frames: Frame[] = [];
  private furniture = 0;
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  private nextLine = 0;

  private idOf(node: object): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = ++this.nextId;
      this.ids.set(node, id);
    }
    return id;
  }

  override processNode(node: LayoutNode, isVerticalAlignmentAllowed?: boolean): void {
    this.frames.push(node);
    try {
      super.processNode(node, isVerticalAlignmentAllowed);
    } finally {
      this.frames.pop();
    }
  }

  override processRow(args: RowArguments): unknown {
    if (!args.tableNode || args.rowIndex === undefined) return super.processRow(args);
    this.frames.push(new RowFrame(args.rowIndex, args.tableNode));
    try {
      return super.processRow(args);
    } finally {
      this.frames.pop();
    }
  }

  // Page headers, footers and backgrounds are page furniture: artifacts.
  override addHeadersAndFooters(header: unknown, footer: unknown): void {
    this.furniture++;
    try {
      super.addHeadersAndFooters(header, footer);
    } finally {
      this.furniture--;
    }
  }

  override addBackground(background: unknown): void {
    this.furniture++;
    try {
      super.addBackground(background);
    } finally {
      this.furniture--;
    }
  }

  override buildNextLine(node: LayoutNode): PdfLine | null {
    const line = super.buildNextLine(node);
    if (line) {
      // Every copy pdfmake makes of a line (unbreakable blocks, repeated table headers) keeps
      // these own properties: the renderer tells the first drawing from the repeats by the id.
      line._pilotisId = ++this.nextLine;
      line._pilotisTag = this.furniture > 0 ? null : this.placeOfLeaf(node);
    }
    return line;
  }

  private readonly places = new WeakMap<LayoutNode, LineTag>();

  /** A text node's place, the same for all its lines. */
  private placeOfLeaf(node: LayoutNode): LineTag {
    let place = this.places.get(node);
    if (place === undefined) {
      place = this.placeOf();
      this.places.set(node, place);
    }
    return place;
  }

  /** The structure path of the text node on top of the frames. */
  private placeOf(): LineTag {
    const path: Segment[] = [];
    const frames = this.frames;
    const last = frames.length - 1;
    let leaf: string | undefined;
    let inToc = false;
    for (let i = 0; i <= last; i++) {
      const frame = frames[i]!;
      const parent = frames[i - 1];
      if (isRow(frame)) {
        const rowKey = `${this.idOf(frame.table)}:${frame.row}`;
        path.push({ key: rowKey, type: inToc ? 'TOCI' : 'TR' });
        continue;
      }
      const node = frame;
      const id = this.idOf(node);
      if (isRow(parent)) {
        // A table cell.
        if (inToc) {
          if (i === last) {
            leaf = 'P';
            path.push({ key: `${id}`, type: leaf });
          }
          continue;
        }
        const table = parent.table.table;
        const header = parent.row < (table?.headerRows ?? 0);
        if (header || node.pdfTag === 'TH') {
          // A row of header cells heads its columns; a header cell among data cells, its row.
          const row = table?.body[parent.row] ?? [];
          const headsColumns = header || row.every((cell) => cell._span || cell.pdfTag === 'TH');
          path.push({ key: `${id}`, type: 'TH', scope: headsColumns ? 'Column' : 'Row' });
          if (i === last) leaf = 'TH';
        } else {
          path.push({ key: `${id}`, type: 'TD' });
          if (i === last) leaf = 'TD';
        }
        continue;
      }
      if (parent && (parent.ul === undefined ? parent.ol : parent.ul)?.includes(node)) {
        path.push({ key: `${id}:li`, type: 'LI' }, { key: `${id}:body`, type: 'LBody' });
      }
      if (node.toc) continue; // its title is a heading of its own, its table the TOC
      if (parent?.toc && parent.toc._table === node) {
        path.push({ key: `${id}`, type: 'TOC' });
        inToc = true;
        continue;
      }
      if (i === last) {
        leaf = node.pdfTag ?? headingOf(node.style) ?? 'P';
        path.push({ key: `${id}`, type: leaf });
      } else if (node.table) {
        path.push({ key: `${id}`, type: 'Table' });
      } else if (node.ul || node.ol) {
        path.push({ key: `${id}`, type: 'L' });
      } else if (node.pdfTag) {
        path.push({ key: `${id}`, type: node.pdfTag });
      }
    }
    if (leaf === undefined) return null;
    return { path, leaf };
  }
}

const linkOf = (inline: PdfInline) =>
  inline.link ?? inline.linkToDestination ?? inline.linkToPage ?? null;
const isLink = (inline: PdfInline) => linkOf(inline) !== null;

/** The inlines of a line cut where the link they point to changes (none is a "link" too). */
function linkRuns(inlines: PdfInline[]): PdfInline[][] {
  const runs: PdfInline[][] = [];
  for (const inline of inlines) {
    const run = runs.at(-1);
    if (run && linkOf(run[0]!) === linkOf(inline)) run.push(inline);
    else runs.push([inline]);
  }
  return runs.length > 0 ? runs : [[]];
}

class TaggingRenderer extends Renderer {
  private readonly doc: PdfKitDocument;
  private readonly root: PdfKitStructElement;
  private readonly elements = new Map<string, PdfKitStructElement>();
  private readonly drawn = new Set<number>();
  /** The Link element the annotations drawn now belong to, and its text. */
  private link: { element: PdfKitStructElement; text: string } | null = null;

  constructor(doc: PdfKitDocument) {
    super(doc);
    this.doc = doc;
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
    // A link's annotation (web link, contents entry) joins its Link element, named by its text.
    const annotate = doc.annotate.bind(doc);
    doc.annotate = (x, y, w, h, options) =>
      annotate(
        x,
        y,
        w,
        h,
        this.link
          ? { Contents: new String(this.link.text), ...options, structParent: this.link.element }
          : options,
      );
  }

  /** The part of the document (a child of Document) lines are going into, still open. */
  private openPart: string | null = null;

  private elementFor(path: Segment[]): PdfKitStructElement {
    const part = path[0]?.key ?? null;
    if (part !== this.openPart) {
      // Lines come in page order and a part's lines are consecutive: the previous part is
      // complete. Ending it writes it out now rather than holding it to the end. Were a line
      // to come back to it, it would only get a new element (never a write into an ended one).
      if (this.openPart !== null) this.elements.get(this.openPart)?.end();
      this.elements.clear();
      this.openPart = part;
    }
    let parent = this.root;
    for (const segment of path) {
      let element = this.elements.get(segment.key);
      if (!element) {
        element = this.doc.struct(
          segment.type,
          segment.scope ? { scope: segment.scope } : undefined,
        );
        parent.add(element);
        this.elements.set(segment.key, element);
      }
      parent = element;
    }
    return parent;
  }

  private asArtifact(draw: () => void, type?: string): void {
    this.doc.markContent('Artifact', type ? { type } : null);
    draw();
    this.doc.endMarkedContent();
  }

  override renderLine(line: PdfLine, x: number, y: number): void {
    const tag = line._pilotisTag;
    const id = line._pilotisId;
    if (!tag || id === undefined) {
      // Footer, list numbers: furniture or labels the structure already conveys.
      this.asArtifact(() => super.renderLine(line, x, y), tag === null ? 'Pagination' : undefined);
      return;
    }
    if (this.drawn.has(id)) {
      // A table's header rows repeated at the top of a later page.
      this.asArtifact(() => super.renderLine(line, x, y), 'Pagination');
      return;
    }
    this.drawn.add(id);
    if (tag.leaf === 'P' && line.inlines.every((inline) => inline.text.trim() === '')) {
      // An empty paragraph (a spacer, a page break holder) has nothing to read.
      this.asArtifact(() => super.renderLine(line, x, y));
      return;
    }
    const element = this.elementFor(tag.path);
    const runs = linkRuns(line.inlines);
    if (runs.length === 1 && !runs[0]!.some(isLink)) {
      const content = this.doc.markStructureContent(tag.leaf);
      super.renderLine(line, x, y);
      this.doc.endMarkedContent();
      element.add(content);
      return;
    }
    // A line with links: each run of a link is drawn on its own, inside a Link element of the
    // paragraph, the rest as the paragraph's own content. Every part keeps the whole line's height
    // and baseline, so the drawing is the same.
    const height = line.getHeight();
    const ascender = line.getAscenderHeight();
    runs.forEach((inlines, index) => {
      const part = runs.length === 1 ? line : line.clone();
      if (part !== line) {
        part.inlines = inlines;
        part.getHeight = () => height;
        part.getAscenderHeight = () => ascender;
        if (index > 0) {
          // Drawn once, with the first part: the line's anchor, outline entry and page number.
          delete part.id;
          delete part._outline;
          delete part._pageNodeRef;
        }
      }
      if (!inlines.some(isLink)) {
        const content = this.doc.markStructureContent(tag.leaf);
        super.renderLine(part, x, y);
        this.doc.endMarkedContent();
        element.add(content);
        return;
      }
      const link = this.doc.struct('Link');
      element.add(link);
      this.link = {
        element: link,
        text: inlines
          .map((inline) => inline.text)
          .join('')
          .trim(),
      };
      const content = this.doc.markStructureContent('Link');
      try {
        super.renderLine(part, x, y);
      } finally {
        this.link = null;
      }
      this.doc.endMarkedContent();
      link.add(content);
    });
  }

  // Rules, cell fills and list bullets carry no text: decoration.
  override renderVector(vector: unknown): void {
    this.asArtifact(() => super.renderVector(vector));
  }

  override renderImage(image: unknown): void {
    this.asArtifact(() => super.renderImage(image));
  }

  override renderSVG(svg: unknown): void {
    this.asArtifact(() => super.renderSVG(svg));
  }
}

// --- Rendering ----------------------------------------------------------------------------------

/** The parts of a pdfmake document definition this renderer reads. */
export interface TaggedDefinition {
  pageSize?: unknown;
  pageOrientation?: unknown;
  pageMargins?: unknown;
  info: { title: string; subject?: string; author?: string; creator?: string; producer?: string };
  language: string;
  defaultStyle?: object;
  styles?: object;
  header?: unknown;
  footer?: unknown;
  content: unknown;
}

export interface TaggedFonts {
  fonts: object;
  localAccessPolicy: (file: string) => boolean;
}

/**
 * Lay out and draw a document definition as pdfmake does, into a tagged PDF 1.7: structure tree,
 * /MarkInfo, /Lang, title shown in the window bar.
 */
export function renderTaggedPdf(definition: TaggedDefinition, fonts: TaggedFonts): Promise<Buffer> {
  const pageSize = normalizePageSize(definition.pageSize, definition.pageOrientation) as {
    width: number;
    height: number;
  };
  const info = definition.info;
  const doc = new PdfMakeDocument(
    fonts.fonts,
    {},
    {},
    {},
    {
      size: [pageSize.width, pageSize.height],
      pdfVersion: '1.7',
      tagged: true,
      displayTitle: true,
      compress: true,
      lang: definition.language,
      fontLayoutCache: true,
      bufferPages: false,
      autoFirstPage: false,
      info: Object.fromEntries(
        Object.entries({
          Title: info.title,
          Subject: info.subject,
          Author: info.author,
          Creator: info.creator,
          Producer: info.producer,
        }).filter(([, value]) => value),
      ),
      font: null,
    },
    null,
    fonts.localAccessPolicy,
  );
  const builder = new TaggingLayoutBuilder(
    pageSize,
    normalizePageMargin(definition.pageMargins ?? 40),
    new SVGMeasure(),
  );
  builder.registerTableLayouts(tableLayouts);
  const pages = builder.layoutDocument(
    definition.content,
    doc,
    definition.styles ?? {},
    definition.defaultStyle ?? {},
    undefined,
    definition.header,
    definition.footer,
    undefined,
    undefined,
  );
  new TaggingRenderer(doc).renderPages(pages);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
