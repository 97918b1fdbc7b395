/**
 * The meeting records (réunion des salariés, AG) as printed at the end of the dossier: date,
 * attendance, the debate's main points, the adjustments decided and the vote.
 */
import type { Content } from 'pdfmake';
import type { MeetingRecordEntry } from '@pilotis/shared';

const NAVY = '#1F3A5F';
const GREY = '#6B7280';

const dateFr = (iso: string | null) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return match ? `${match[3]}/${match[2]}/${match[1]}` : 'date non précisée';
};

const number = (value: number | null) =>
  value === null ? 'non précisé' : new Intl.NumberFormat('fr-FR').format(value);

const MEETING: Record<string, string> = {
  'staff-meeting': 'Réunion des salariés',
  'general-assembly': 'Assemblée générale',
};

/** The records chapter of the dossier; nothing when the cycle has no record. */
export function meetingRecordsContent(entries: MeetingRecordEntry[] | undefined): Content[] {
  if (!entries || entries.length === 0) return [];
  const content: Content[] = [
    {
      text: 'Comptes rendus des réunions',
      style: 'h1',
      tocItem: true,
      pageBreak: 'before',
    },
  ];
  for (const { record, versionLabel, stage, labels } of entries) {
    content.push({
      text: `${MEETING[stage] ?? 'Réunion'} du ${dateFr(record.heldOn)}`,
      style: 'h2',
    });
    content.push({ text: `Version présentée\u00a0: ${versionLabel}`, color: GREY });
    content.push({
      text: `Présents\u00a0: ${number(record.present)} — représentés\u00a0: ${number(record.represented)}`,
      margin: [0, 4, 0, 4],
    });
    const points = record.debate
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    content.push({ text: 'Principaux points du débat', style: 'h3' });
    content.push(
      points.length > 0 ? { ul: points } : { text: 'Non renseignés.', italics: true, color: GREY },
    );
    content.push({ text: 'Ajustements décidés', style: 'h3' });
    content.push(
      record.adjustments.length > 0
        ? {
            ul: record.adjustments.map((adjustment) => {
              const target = adjustment.target
                ? `${adjustment.target.kind === 'row' ? 'Ligne' : 'Action'}\u00a0: ${
                    labels?.[adjustment.target.id] ?? 'élément supprimé depuis'
                  }`
                : '';
              return {
                stack: [
                  { text: adjustment.text },
                  ...(target ? [{ text: target, color: GREY, fontSize: 8 }] : []),
                ],
              };
            }),
          }
        : { text: 'Aucun ajustement.', italics: true, color: GREY },
    );
    content.push({ text: 'Vote', style: 'h3' });
    const vote = record.vote;
    content.push(
      vote
        ? {
            stack: [
              {
                text: `Pour\u00a0: ${number(vote.for)} — contre\u00a0: ${number(vote.against)} — abstentions\u00a0: ${number(vote.abstain)}`,
              },
              ...(vote.outcome ? [{ text: vote.outcome, bold: true, color: NAVY }] : []),
            ],
          }
        : { text: 'Pas de vote.', italics: true, color: GREY },
    );
  }
  return content;
}
