import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';

const BASELINE = 'État des lieux (N0)';

describe('versions: read, restore and share', () => {
  let server: PilotisServer;
  let browser: Browser;
  let pilote: BrowserContext;
  let membre: BrowserContext;

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
    pilote = await actorContext(browser, server.url, 'Pauline Pilote');
    membre = await actorContext(browser, server.url, 'Maëlle Membre');
  });

  afterAll(async () => {
    await pilote?.close();
    await membre?.close();
    await browser?.close();
    await server?.stop();
  });

  it('restores a version while another page is open: seen live, frozen first, a concurrent edit kept', async () => {
    const cycle = await createCycleAs(pilote, 2026);
    await inviteAs(pilote, membre, cycle.organisationId, 'membre');
    const cycleId = cycle.url.split('/').pop()!;
    const own = await CyclePage.open(pilote, cycle.url);
    await own.typeAtEnd(own.cell(BASELINE, '1.1', 1), 'Comptes envoyés 15 jours avant l’AG');
    await own.expectSaved();
    const frozen = await (
      await pilote.request.post(`/api/cycles/${cycleId}/versions`, {
        data: { label: 'Version présentée au CA du 12/03/2027', stage: 'board' },
      })
    ).json();

    const other = await CyclePage.open(membre, cycle.url);
    await other.typeAtEnd(other.cell(BASELINE, '1.1', 1), ' — à annuler');
    await other.expectSaved();

    // The pilote reads the version in the app: same grid, read-only, with its banner.
    const { page } = own;
    await page.goto(`${cycle.url}/versions?version=${frozen.id}`);
    const banner = page.getByRole('region', { name: 'Version figée' });
    await banner.getByText('Version présentée au CA du 12/03/2027').waitFor();
    const frozenCell = own.cell(BASELINE, '1.1', 1);
    await frozenCell.waitFor();
    expect(await frozenCell.inputValue()).toBe('Comptes envoyés 15 jours avant l’AG');
    expect(await frozenCell.getAttribute('readonly')).not.toBeNull();
    await page.screenshot({ path: artifact('version-read.png') });

    await banner.getByRole('button', { name: 'Restaurer…' }).click();
    await banner.getByRole('button', { name: 'Restaurer', exact: true }).click();
    // Once the state before has been frozen, the other person types in another row.
    await eventually(
      async () =>
        (
          (await (await pilote.request.get(`/api/cycles/${cycleId}/versions`)).json()) as {
            kind: string;
          }[]
        ).some((version) => version.kind === 'safety'),
      'the state before the restore to be frozen',
    );
    await other.typeAtEnd(other.cell(BASELINE, '1.1', 2), 'Saisi pendant la restauration ’😀');
    await banner.getByText('Version restaurée').waitFor();

    // The other page sees the restored content live, and keeps what was typed meanwhile.
    await eventually(
      async () => (await other.value(BASELINE, '1.1', 1)) === 'Comptes envoyés 15 jours avant l’AG',
      'the restored cell on the other page',
    );
    await other.expectSaved();
    expect(await other.value(BASELINE, '1.1', 2)).toContain('Saisi pendant la restauration ’😀');
    await other.page.screenshot({ path: artifact('version-restored-other-page.png') });

    // The state before the restore is listed as a version.
    await page.getByRole('button', { name: /Retour aux étapes et versions/ }).click();
    await page.getByText(/^Avant restauration du \d\d\/\d\d\/\d{4}/).waitFor();
    await page.screenshot({ path: artifact('version-timeline.png') });
    expect(own.errors).toEqual([]);
    expect(other.errors).toEqual([]);
  }, 300_000);

  it('opens a version through a public link without an account, and nothing else; revoked or expired answers 404', async () => {
    const cycle = await createCycleAs(pilote, 2027);
    const cycleId = cycle.url.split('/').pop()!;
    const version = await (
      await pilote.request.post(`/api/cycles/${cycleId}/versions`, {
        data: { label: 'Version présentée à l’AG du 20/06/2027', stage: 'general-assembly' },
      })
    ).json();
    const own = await CyclePage.open(pilote, `${cycle.url}/versions?version=${version.id}`);
    const { page } = own;
    const banner = page.getByRole('region', { name: 'Version figée' });
    await banner.getByText('Liens publics (0 actif(s))').click();
    await banner.getByRole('button', { name: 'Créer un lien public' }).click();
    const url = await banner.getByLabel('Lien à partager').inputValue();
    expect(url).toMatch(/\/public\/[A-Za-z0-9_-]{40,}$/);
    await banner.getByText('lien public actif').waitFor();

    // Someone without an account.
    const guest = await browser.newContext({ locale: 'fr-FR', baseURL: server.url });
    try {
      const visitor = await guest.newPage();
      const errors = watchErrors(visitor);
      await visitor.goto(url);
      await visitor.getByText('Version présentée à l’AG du 20/06/2027').waitFor();
      const cell = visitor.getByRole('textbox', {
        name: `${BASELINE}, ligne 1.1 n° 1`,
        exact: true,
      });
      await cell.waitFor();
      expect(await cell.getAttribute('readonly')).not.toBeNull();
      expect(await visitor.getByRole('button', { name: 'Exporter' }).count()).toBe(0);
      expect(await visitor.getByRole('button', { name: 'Restaurer…' }).count()).toBe(0);
      await visitor.screenshot({ path: artifact('version-public.png') });
      const pdf = await guest.request.get(`/api/public/${url.split('/').pop()}/export.pdf`);
      expect(pdf.status()).toBe(200);

      // The same browser reaches nothing else: not the live cycle, not another version, no write.
      expect((await guest.request.get(`/api/cycles/${cycleId}`)).status()).toBe(401);
      expect((await guest.request.get(`/api/versions/${version.id}`)).status()).toBe(401);
      expect((await guest.request.get(`/api/versions/${version.id}/state`)).status()).toBe(401);
      expect(
        (
          await guest.request.post(`/api/cycles/${cycleId}/versions`, {
            data: { label: 'Intrus', stage: 'board' },
          })
        ).status(),
      ).toBe(401);
      expect(
        (await guest.request.post(`/api/versions/${version.id}/restore`, { data: {} })).status(),
      ).toBe(401);
      await visitor.goto(cycle.url);
      await visitor.getByRole('button', { name: /Se connecter/ }).waitFor();
      expect(errors.filter((e) => !e.includes('401'))).toEqual([]);

      // Revoked: the link answers 404 and the page says so in French.
      await banner.getByRole('button', { name: 'Révoquer' }).click();
      await eventually(
        async () =>
          (await guest.request.get(`/api/public/${url.split('/').pop()}`)).status() === 404,
        'the revoked link to answer 404',
      );
      await visitor.goto(url);
      await visitor.getByText('Ce lien n’existe pas ou n’est plus valable.').waitFor();

      // Expired: a link valid for two seconds stops answering by itself.
      const expiring = await (
        await pilote.request.post(`/api/versions/${version.id}/links`, {
          data: { expiresAt: new Date(Date.now() + 2_000).toISOString() },
        })
      ).json();
      await eventually(
        async () => (await guest.request.get(`/api/public/${expiring.token}`)).status() === 404,
        'the expired link to answer 404',
      );
    } finally {
      await guest.close();
    }
  }, 300_000);
});
