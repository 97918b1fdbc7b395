/**
 * One export of a 600-row cycle in a fresh process: prints its duration and the process's peak
 * resident memory as JSON. Run by export.bench.ts.
 */
import { buildExportModel, readCycle } from '@pilotis/shared';
import { renderDossier, renderSynthesis } from '../src/features/exports/pdf.ts';
import { renderWorkbook } from '../src/features/exports/xlsx.ts';
import { bigCycleDoc } from './big-cycle.ts';

const kind = process.argv[2] ?? 'xlsx';
const model = buildExportModel(readCycle(bigCycleDoc(600)), {
  versionLabel: 'Banc d’essai',
  exportedAt: new Date(),
  exportedBy: 'Banc',
});
const baseline = process.resourceUsage().maxRSS;
const start = performance.now();
const data =
  kind === 'xlsx'
    ? await renderWorkbook(model)
    : kind === 'pdf'
      ? await renderDossier(model)
      : await renderSynthesis(model);
const ms = performance.now() - start;
console.info(
  JSON.stringify({
    kind,
    ms,
    bytes: data.length,
    peakRssKiB: process.resourceUsage().maxRSS,
    baselineRssKiB: baseline,
  }),
);
