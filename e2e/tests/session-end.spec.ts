/**
 * A session that ends while someone types (issue 8): signed out in another tab, the cycle page
 * keeps its grid, keeps every keystroke on this device, says what is not saved yet, lets the
 * person download it, and sends it all once they sign in again in place. Signing out never
 * leaves an IndexedDB error on the page.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { expectAccessible } from '../fixtures/axe.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';

const BASELINE = 'État des lieux (N0)';
const PASSWORD = 'une phrase de passe';

describe('a session that ends while someone types', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let accounts = 0;

  /** A browser signed in to a fresh account whose address and password the test knows. */
  const personContext = async (name: string) => {
    const context = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 1366, height: 768 },
      baseURL: server.url,
    });
    contexts.push(context);
    accounts += 1;
    const email = `session.${Date.now()}.${accounts}@example.org`;
    const response = await context.request.post('/api/auth/signup', {
      data: { email, password: PASSWORD, name },
    });
    if (response.status() !== 201) throw new Error(`signup failed: ${await response.text()}`);
    return { context, email };
  };

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('keeps typing after a sign-out in another tab, offers the unsaved text and sends it after signing in again', async () => {
    const { context, email } = await personContext('Solène Séance');
    const colleagueContext = await actorContext(browser, server.url, 'Marc Témoin');
    contexts.push(colleagueContext);
    const { url, organisationId } = await createCycleAs(context, 2027);
    await inviteAs(context, colleagueContext, organisationId, 'membre');

    const writer = await CyclePage.open(context, url);
    const { page } = writer;
    const cell = writer.cell(BASELINE, '1.1', 1);
    await writer.typeAtEnd(cell, 'Avant : 38,5 % ; ');
    await writer.expectSaved();

    // Another tab of the same browser signs out while this one is typing.
    const other = await context.newPage();
    const otherErrors = watchErrors(other);
    await other.goto('/');
    // The home page's own requests (cycles, next year's preview) have answered: a request still on
    // its way at the sign-out would be answered 401, which is not what this test is about.
    await other.waitForLoadState('networkidle');
    await other.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.keyboard.type('pendant l’arrêt 😀 ; ');
    await other.waitForURL(/\/connexion/);

    const banner = page.getByRole('alert').filter({ hasText: 'Votre session a pris fin' });
    await banner.waitFor();
    // The grid is still there and still takes what is typed.
    await cell.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('après la fin, « à garder » é\u0301 👩‍💻');
    const typed = 'Avant : 38,5 % ; pendant l’arrêt 😀 ; après la fin, « à garder » é\u0301 👩‍💻';
    expect(await cell.inputValue()).toBe(typed);
    await eventually(
      async () => /pas encore enregistrée/.test(await banner.innerText()),
      'the count of unsaved edits in the banner',
    );
    await page.screenshot({ path: artifact('session-ended.png') });
    await expectAccessible(page, 'the cycle page after the session ended');

    // What is not saved can be kept as a file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      banner.getByRole('button', { name: 'Télécharger ce qui n’est pas enregistré' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.txt$/);
    const file = await readFile((await download.path())!, 'utf8');
    expect(file).toContain(typed);
    expect(file).toContain(BASELINE);

    // What was typed after the session ended has not reached the server.
    const colleague = await CyclePage.open(colleagueContext, url);
    expect(await colleague.value(BASELINE, '1.1', 1)).toMatch(/^Avant : 38,5 % ; /);
    expect(await colleague.value(BASELINE, '1.1', 1)).not.toContain('après la fin');

    // Signing in again, in place: everything typed is sent.
    await banner.getByRole('button', { name: 'Se reconnecter' }).click();
    const dialog = page.getByRole('dialog', { name: /Se reconnecter/ });
    await dialog.getByLabel('Adresse e-mail').fill(email);
    await expectAccessible(page, 'the sign-in dialog over the cycle');
    await dialog.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Se connecter' }).click();
    await dialog.waitFor({ state: 'detached' });
    await writer.expectSaved();
    expect(await banner.count()).toBe(0);
    await eventually(
      async () => (await colleague.value(BASELINE, '1.1', 1)) === typed,
      'every character typed after the session ended on the colleague’s page',
    );
    expect(await cell.inputValue()).toBe(typed);
    expect(writer.errors).toEqual([]);
    expect(otherErrors).toEqual([]);
    expect(colleague.errors).toEqual([]);
  });

  it('types on after another tab signed out and deleted the local copy: no IndexedDB error, and the text survives a reload', async () => {
    const { context, email } = await personContext('Inès Rechargée');
    const { url } = await createCycleAs(context, 2029);
    const writer = await CyclePage.open(context, url);
    const { page } = writer;
    const cell = writer.cell(BASELINE, '1.1', 1);
    await writer.typeAtEnd(cell, 'Enregistré ; ');
    await writer.expectSaved();

    // Everything was saved: the other tab's sign-out deletes this account's local copies,
    // including the one this page has open.
    const other = await context.newPage();
    const otherErrors = watchErrors(other);
    await other.goto('/');
    // As in the first test: the home page's requests have answered before the sign-out (one still
    // on its way would be answered 401, which is not what this test is about).
    await other.waitForLoadState('networkidle');
    await other.getByRole('button', { name: 'Se déconnecter' }).click();
    await other.waitForURL(/\/connexion/);
    await page.getByRole('alert').filter({ hasText: 'Votre session a pris fin' }).waitFor();
    await eventually(
      () =>
        page.evaluate(async () =>
          (await indexedDB.databases()).every((database) => !database.name?.startsWith('pilotis:')),
        ),
      'the local copy deleted by the other tab',
    );

    await writer.typeAtEnd(cell, 'tapé après « la fin » 😀');
    const typed = 'Enregistré ; tapé après « la fin » 😀';
    expect(await cell.inputValue()).toBe(typed);
    // What is typed now is on disk again: it survives a reload of the page.
    await eventually(
      () =>
        page.evaluate(async () =>
          (await indexedDB.databases()).some((database) => database.name?.startsWith('pilotis:')),
        ),
      'a new local copy holding the text typed after the sign-out',
    );
    // No IndexedDB error (nor any other) while typing on.
    expect(writer.errors).toEqual([]);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.reload();
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await cell.waitFor();
    await eventually(async () => (await cell.inputValue()) === typed, 'the text after the reload');
    await writer.expectSaved();
    // Reloaded while signed out, the page's GET /api/me answered 401 before the sign-in form.
    expect(writer.errors.filter((error) => !error.includes('status of 401'))).toEqual([]);
    expect(otherErrors).toEqual([]);
  });

  it('signs out from an open cycle after editing without an IndexedDB error, and keeps what was not sent', async () => {
    const { context, email } = await personContext('Théo Départ');
    const { url } = await createCycleAs(context, 2028);
    const writer = await CyclePage.open(context, url);
    const { page } = writer;
    await writer.typeAtEnd(writer.cell(BASELINE, '1.1', 1), 'Enregistré ; ');
    await writer.expectSaved();
    // Typing right up to the click on « Se déconnecter ».
    await page.keyboard.type('dernier mot ’');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion/);
    // Let IndexedDB settle (the stores are deleted or kept) before reading the console.
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.waitForURL((address) => !address.pathname.startsWith('/connexion'));
    await page.goto(url);
    const cell = writer.cell(BASELINE, '1.1', 1);
    await cell.waitFor();
    await eventually(
      async () => (await cell.inputValue()) === 'Enregistré ; dernier mot ’',
      'the text typed up to the sign-out',
    );
    await writer.expectSaved();
    expect(writer.errors).toEqual([]);
  });
});
