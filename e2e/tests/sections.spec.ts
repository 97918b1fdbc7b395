/**
 * Narrative sections (issue 11) in two real browsers: typing together in one paragraph of
 * « Notre démarche » keeps both texts and shows each other's named caret; a paste from Word
 * keeps only what the schema allows; a client built for older schemas is refused with the
 * French message and changes nothing on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, eventually, inviteAs } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';

const METHOD = 'Notre démarche';

async function openTexts(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page);
  await page.goto(`${url}/textes`);
  await editorOf(page).waitFor();
  return page;
}

/** Text without its spaces (an editor shows a trailing space as a no-break one). */
const squeeze = (text: string) => text.replace(/[\s\u00a0]+/g, '');

/** The text of the section's editor, without the other people's caret labels. */
function bodyText(page: Page): Promise<string> {
  return editorOf(page).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });
}

function editorOf(page: Page) {
  return page.getByRole('textbox', { name: METHOD, exact: true });
}

/** The server's document as a fresh current client receives it. */
async function serverState(context: BrowserContext, baseUrl: string, documentName: string) {
  const client = await providerAs(context, baseUrl, documentName);
  await eventually(async () => client.provider.isSynced, 'a fresh client to sync');
  const state = Y.encodeStateAsUpdate(client.doc);
  client.destroy();
  return Buffer.from(state).toString('base64');
}

describe('narrative sections, co-edited live', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('keeps both texts when two people type in the same paragraph at once, each seeing the other’s caret', async () => {
    const piloteContext = await actorContext(browser, server.url, 'Pauline');
    const membreContext = await actorContext(browser, server.url, 'Marc');
    contexts.push(piloteContext, membreContext);
    const { url, organisationId } = await createCycleAs(piloteContext, 2026);
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');
    const pilote = await openTexts(piloteContext, url);
    const membre = await openTexts(membreContext, url);

    await editorOf(pilote).click();
    await pilote.keyboard.type('Début : ');
    await eventually(
      async () => squeeze(await bodyText(membre)) === 'Début:',
      'the first words on both pages',
    );
    await editorOf(membre).click();
    await membre.keyboard.press('Control+End');

    await Promise.all([
      pilote.keyboard.type('abcdéfghij', { delay: 30 }),
      membre.keyboard.type('QRSTUVWXYZ’😀', { delay: 30 }),
    ]);

    await eventually(async () => {
      const [a, b] = [await bodyText(pilote), await bodyText(membre)];
      return a === b && squeeze(a).length === 'Début:'.length + 10 + 13;
    }, 'both pages to converge');
    const merged = squeeze(await bodyText(pilote));
    expect(merged.startsWith('Début:')).toBe(true);
    const typed = merged.slice('Début:'.length);
    expect(typed.replace(/[^a-jé]/g, '')).toBe('abcdéfghij');
    expect(typed.replace(/[^Q-Z’😀]/gu, '')).toBe('QRSTUVWXYZ’😀');
    // One paragraph only: both typed in the same one.
    expect(await editorOf(pilote).locator('p').count()).toBe(1);

    // Each page shows the other's caret, named.
    await eventually(
      async () =>
        (await pilote.locator('.collaboration-carets__label', { hasText: 'Marc' }).count()) === 1 &&
        (await membre.locator('.collaboration-carets__label', { hasText: 'Pauline' }).count()) ===
          1,
      'each other’s named caret',
    );
    // Presence and last edit in the section's header.
    await eventually(
      async () => /Ici : Marc/.test(await pilote.getByTestId('section-meta').innerText()),
      'presence in the section',
    );
    await eventually(
      async () =>
        /Modifié par (Pauline|Marc) le \d\d\/\d\d\/\d{4} à \d\d:\d\d/.test(
          await pilote.getByTestId('section-meta').innerText(),
        ),
      'the last editor',
    );
    await pilote.screenshot({ path: artifact('sections-two-carets-pilote.png') });
    await membre.screenshot({ path: artifact('sections-two-carets-membre.png') });

    // Keyboard: the outline is reachable and selects a section.
    await pilote
      .getByRole('navigation', { name: 'Plan des textes' })
      .getByRole('link', { name: /Thème 1 · Bonnes pratiques actuelles/ })
      .focus();
    await pilote.keyboard.press('Enter');
    await pilote.getByRole('heading', { name: 'Bonnes pratiques actuelles' }).waitFor();
  });

  it('keeps headings, lists, bold and links of a Word paste, and drops the rest', async () => {
    const context = await actorContext(browser, server.url, 'Wendy');
    contexts.push(context);
    const { url } = await createCycleAs(context, 2027);
    const page = await openTexts(context, url);
    await editorOf(page).click();
    const wordHtml = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:Calibri}</style></head>
<body lang=FR style='tab-interval:35.4pt'><!--StartFragment-->
<h2 class=MsoHeading2 style='mso-outline-level:2'><span style='font-family:"Calibri Light";color:#2F5496'>Notre méthode<o:p></o:p></span></h2>
<p class=MsoNormal style='mso-margin-top-alt:auto'><b><span style='font-size:14pt;color:red'>Important</span></b><span style='font-family:Arial'> : la démarche est <a href="https://www.cress.fr/">collective</a> et <a href="javascript:alert(1)">pas dangereuse</a>.</span></p>
<ul style='margin-top:0cm' type=disc><li class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='font-size:11pt'>Salariés</span></li><li class=MsoListParagraph>Bénévoles</li></ul>
<p class=MsoNormal><img width=100 height=50 src="file:///C:/Users/x/image001.png"><span style='mso-spacerun:yes'> </span><font color=blue>Texte coloré</font><script>alert(2)</script></p>
<!--EndFragment--></body></html>`;
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Notre méthode Important');
      const target = document.querySelector('.section-body')!;
      target.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, wordHtml);
    await eventually(
      async () => (await editorOf(page).innerText()).includes('Texte coloré'),
      'the pasted text',
    );
    const html = await editorOf(page).innerHTML();
    expect(html).toMatch(/<h2>Notre méthode<\/h2>/);
    expect(html).toMatch(/<strong>Important<\/strong>/);
    expect(html).toMatch(/<ul><li><p>Salariés<\/p><\/li><li><p>Bénévoles<\/p><\/li><\/ul>/);
    expect(html).toContain('href="https://www.cress.fr/"');
    expect(html).toContain('pas dangereuse');
    expect(html).not.toMatch(/<img|<span|<font|<script|style=|class="Mso|javascript:|mso-/i);
    await page.screenshot({ path: artifact('sections-word-paste.png') });
  });

  it('turns Word’s list paragraphs (mso-list) into real nested lists, bullets and numbers', async () => {
    const context = await actorContext(browser, server.url, 'Wanda');
    contexts.push(context);
    const { url } = await createCycleAs(context, 2030);
    const page = await openTexts(context, url);
    await editorOf(page).click();
    const ignore = (marker: string) =>
      `<![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>${marker}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>`;
    const wordHtml = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=FR><!--StartFragment-->
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>${ignore('·')}Salariés<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l0 level2 lfo1'>${ignore('o')}Délégués du personnel<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>${ignore('·')}<b>Bénévoles</b> — 38,5 %<o:p></o:p></p>
<p class=MsoNormal>Puis, dans l’ordre :</p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'>${ignore('1.')}Réunir le groupe de travail<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'>${ignore('2.')}Présenter au CA l’état des lieux<o:p></o:p></p>
<!--EndFragment--></body></html>`;
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Salariés');
      const target = document.querySelector('.section-body')!;
      target.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, wordHtml);
    await eventually(
      async () => (await editorOf(page).innerText()).includes('Présenter au CA'),
      'the pasted lists',
    );
    const html = await editorOf(page).innerHTML();
    expect(html).toContain(
      '<ul><li><p>Salariés</p><ul><li><p>Délégués du personnel</p></li></ul></li><li><p><strong>Bénévoles</strong> — 38,5 %</p></li></ul>',
    );
    expect(html).toContain('<p>Puis, dans l’ordre :</p>');
    expect(html).toMatch(
      /<ol[^>]*><li><p>Réunir le groupe de travail<\/p><\/li><li><p>Présenter au CA l’état des lieux<\/p><\/li><\/ol>/,
    );
    // No marker left behind.
    expect(await editorOf(page).innerText()).not.toMatch(/·|^o\s|1\.\s*Réunir/m);
    expect(html).not.toMatch(/mso-|<span|style=/i);
    await page.screenshot({ path: artifact('sections-word-lists.png') });
  });

  it('« Suivre » in Textes goes to the section the followed person writes in', async () => {
    const piloteContext = await actorContext(browser, server.url, 'Paula');
    const membreContext = await actorContext(browser, server.url, 'Mehdi');
    contexts.push(piloteContext, membreContext);
    const { url, organisationId } = await createCycleAs(piloteContext, 2031);
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');
    const pilote = await openTexts(piloteContext, url);
    const membre = await openTexts(membreContext, url);
    const outline = (page: Page) => page.getByRole('navigation', { name: 'Plan des textes' });

    await pilote.getByRole('button', { name: new RegExp(`Suivre Mehdi`) }).click();
    await outline(membre)
      .getByRole('link', { name: /Thème 2 · Enjeux/ })
      .click();
    await eventually(
      async () =>
        (await outline(pilote).locator('a[aria-current="true"]').innerText()).includes(
          'Thème 2 · Enjeux',
        ),
      'the follower to reach the section',
    );
    const stakes = (page: Page) => page.getByRole('textbox', { name: 'Enjeux', exact: true });
    await stakes(membre).click();
    await membre.keyboard.type('La gouvernance partagée’ 🙂');
    await eventually(
      async () => ((await stakes(pilote).textContent()) ?? '').includes('La gouvernance partagée'),
      'the followed person’s text',
    );
    await pilote.locator('.collaboration-carets__label', { hasText: 'Mehdi' }).waitFor();
    await pilote.screenshot({ path: artifact('sections-follow.png') });
  });

  it('shows the stakeholder map as a table and a 2×2 map', async () => {
    const context = await actorContext(browser, server.url, 'Sacha', { width: 1280, height: 720 });
    contexts.push(context);
    const { url } = await createCycleAs(context, 2029);
    const page = await context.newPage();
    watchErrors(page);
    await page.goto(`${url}/parties-prenantes`);
    const people: [string, string, string, string][] = [
      ['Équipe salariée', 'Salariés', '3', '4'],
      ['Conseil départemental', 'Financeurs', '4', '2'],
      ['Usagers du centre', 'Usagers / bénéficiaires', '2', '3'],
      ['Mairie d’Évry', 'Territoire', '1', '1'],
    ];
    for (const [name, category, influence, involvement] of people) {
      await page.getByLabel('Partie prenante', { exact: true }).fill(name);
      await page.getByLabel('Catégorie', { exact: true }).selectOption({ label: category });
      await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
      await page.getByLabel(`Influence de ${name}`).selectOption(influence);
      await page.getByLabel(`Implication de ${name}`).selectOption(involvement);
    }
    const key = page.getByRole('region', { name: 'Acteurs clés : associer étroitement' });
    await eventually(async () => (await key.innerText()).includes('Équipe salariée'), 'the map');
    expect(
      await page.getByRole('region', { name: /^Influents peu impliqués/ }).innerText(),
    ).toContain('Conseil départemental');
    await page
      .getByRole('heading', { name: 'Carte : influence × implication' })
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('sections-stakeholder-map.png') });
    await page
      .getByRole('heading', { name: 'Cartographie des parties prenantes' })
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('sections-stakeholder-table.png') });
  });

  it('shows the synthesis page safely, on screen and in print', async () => {
    const context = await actorContext(browser, server.url, 'Inès', { width: 1280, height: 720 });
    contexts.push(context);
    const { url } = await createCycleAs(context, 2030);
    const documentName = `cycle.${url.split('/').at(-1)}`;
    // Content written without the editor, as a hostile client could.
    const client = await providerAs(context, server.url, documentName);
    await eventually(async () => client.provider.isSynced, 'the provider to sync');
    client.doc.transact(() => {
      client.doc.getMap<Y.Map<unknown>>('sections').forEach((section) => {
        if (section.get('kind') !== 'synthesis') return;
        const body = section.get('body') as Y.XmlFragment;
        const paragraph = new Y.XmlElement('paragraph');
        const run = new Y.XmlText();
        paragraph.insert(0, [run]);
        const unknown = new Y.XmlElement('iframe');
        unknown.insert(0, [new Y.XmlText('Texte du nœud inconnu')]);
        body.insert(0, [paragraph, unknown]);
        run.insert(0, 'Lien piégé', { link: { href: 'javascript:alert(1)' } });
        run.insert(
          run.length,
          ' <img src=x onerror="window.pwned=1"><script>window.pwned=2</script>',
        );
      });
    });
    await eventually(async () => !client.provider.hasUnsyncedChanges, 'the write to be saved');
    client.destroy();

    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${url}/synthese`);
    await page.getByText('Texte du nœud inconnu').waitFor();
    const intro = page.locator('.synthesis-intro');
    expect(await intro.locator('a, img, script, iframe').count()).toBe(0);
    expect(await intro.innerText()).toContain(
      'Lien piégé <img src=x onerror="window.pwned=1"><script>',
    );
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
    ).toBeUndefined();
    for (let number = 1; number <= 8; number++) {
      await page.getByRole('heading', { level: 3, name: new RegExp(`^${number}\\. `) }).waitFor();
    }
    await page.screenshot({ path: artifact('sections-synthesis.png'), fullPage: false });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Imprimer la synthèse' }).isVisible()).toBe(
      false,
    );
    await page.screenshot({ path: artifact('sections-synthesis-print.png'), fullPage: false });
    expect(errors).toEqual([]);
  });

  for (const [label, rewrite] of [
    ['an older editor schema', 'editorSchema=0'],
    ['no version at all', ''],
  ] as const) {
    it(`refuses a client announcing ${label}, with the French message, changing nothing`, async () => {
      const context = await actorContext(browser, server.url, 'Olga');
      contexts.push(context);
      const { url } = await createCycleAs(context, 2028);
      const cycleId = url.split('/').at(-1)!;
      const documentName = `cycle.${cycleId}`;
      const before = await serverState(context, server.url, documentName);

      const page = await context.newPage();
      // This build announces its versions in the socket URL: make it look like an older one.
      await page.addInitScript((replacement) => {
        const Native = window.WebSocket;
        window.WebSocket = class extends Native {
          constructor(address: string | URL, protocols?: string | string[]) {
            const url = new URL(String(address));
            if (url.pathname === '/collab') {
              url.searchParams.delete('editorSchema');
              if (replacement) url.search += `&${replacement}`;
              else url.search = '';
            }
            super(url, protocols);
          }
        } as typeof WebSocket;
      }, rewrite);
      await page.goto(`${url}/textes`);
      const banner = page.getByRole('alert').filter({
        hasText: 'Une nouvelle version de Pilotis est disponible — recharger',
      });
      await banner.waitFor();
      expect(await banner.getByRole('button', { name: 'recharger' }).count()).toBe(1);
      await page.screenshot({
        path: artifact(`sections-outdated-${rewrite ? 'older' : 'none'}.png`),
      });
      await page.close();
      expect(await serverState(context, server.url, documentName)).toBe(before);
    });
  }
});
