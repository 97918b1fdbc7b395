import type { MemberKind, Stage } from '../schema/cycle.types.ts';

/** French labels of the cycle stages, used by the UI and the exports alike. */
export const STAGE_LABELS_FR: Record<Stage, string> = {
  'working-group': 'Groupe de travail',
  'staff-meeting': 'Réunion des salariés',
  board: 'Bureau / CA',
  'general-assembly': 'Assemblée générale',
  'follow-up': 'Suivi',
};

export const MEMBER_KIND_LABELS_FR: Record<MemberKind, string> = {
  salarie: 'Salarié·e',
  elu: 'Administrateur·rice / élu·e',
  benevole: 'Bénévole',
  usager: 'Usager·ère',
  partenaire: 'Partenaire',
  autre: 'Autre',
};
