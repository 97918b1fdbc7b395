/**
 * The guide template a new cycle starts from: the eight themes (1–6 from article 3 of the law of
 * 31 July 2014, 7–8 added by the CSESS), their domaines d'action and a starter set of questions
 * (qualitative) and indicators (usually quantitative), written for Pilotis. The two example rows
 * of the user's source document sit under 1.3 Exercice du pouvoir, as given.
 */
import type { Nature, RowKind } from '../schema/cycle.types.ts';

export interface TemplateRow {
  kind: RowKind;
  nature: Nature;
  unit?: string;
  label: string;
  baseline?: string;
  target1y?: string;
  target3y?: string;
  /** Set with a reason for a row the example marks "non traitée". */
  notTreatedReason?: string;
}

export interface TemplateDomain {
  title: string;
  rows: TemplateRow[];
}

export interface TemplateTheme {
  number: number;
  title: string;
  /** The theme's full wording, shown as a hint under the short title. */
  description: string;
  domains: TemplateDomain[];
}

const q = (label: string): TemplateRow => ({ kind: 'question', nature: 'qualitative', label });
const ind = (label: string, unit: string): TemplateRow => ({
  kind: 'indicator',
  nature: 'quantitative',
  unit,
  label,
});

export const GUIDE_TEMPLATE: TemplateTheme[] = [
  {
    number: 1,
    title: 'Gouvernance démocratique',
    description: 'Modalités effectives de gouvernance démocratique',
    domains: [
      {
        title: 'Transparence',
        rows: [
          q(
            'Les membres reçoivent-ils à temps et sous une forme lisible les informations utiles aux décisions (comptes, projets, rapports) ?',
          ),
          q(
            'Les décisions des instances et leurs motifs sont-ils communiqués aux membres et aux salariés ?',
          ),
        ],
      },
      {
        title: 'Organisation de la vie démocratique',
        rows: [
          q(
            'Comment les membres peuvent-ils proposer un sujet à l’ordre du jour ou se porter candidats aux instances ?',
          ),
          ind('Nombre de réunions ouvertes à l’ensemble des membres dans l’année', 'réunions'),
        ],
      },
      {
        title: 'Exercice du pouvoir',
        rows: [
          {
            kind: 'indicator',
            nature: 'quantitative',
            unit: '%',
            label:
              'Le taux de participation à l’Assemblée Générale et son évolution sont-ils satisfaisants ?',
            baseline: 'Pas de données consolidées (uniquement les feuilles d’émargement)',
            target1y: 'Dresser l’état des lieux et se fixer un objectif quantitatif',
            target3y: 'Avoir atteint l’objectif fixé en année 1',
          },
          {
            kind: 'indicator',
            nature: 'quantitative',
            unit: '%',
            label: 'Pourcentage d’admin ayant reçu une formation dans l’année',
            notTreatedReason:
              'Question non traitée car nos admin ont été choisis au regard de leur expertise, la question de leur formation n’est donc pas un enjeu pour nous',
          },
          q(
            'Le renouvellement des mandats et la limitation de leur cumul ou de leur durée sont-ils organisés ?',
          ),
        ],
      },
      {
        title: 'Fonctionnement des instances statutaires',
        rows: [
          ind('Taux de présence moyen aux réunions du conseil d’administration', '%'),
          q(
            'Les rôles respectifs du bureau, du conseil et de la direction sont-ils écrits et connus de tous ?',
          ),
        ],
      },
    ],
  },
  {
    number: 2,
    title: 'Concertation dans l’élaboration de la stratégie',
    description: 'Concertation dans l’élaboration de la stratégie de l’entreprise',
    domains: [
      {
        title: 'Légitimité de la parole des parties prenantes',
        rows: [
          q(
            'Quelles parties prenantes (salariés, bénévoles, usagers, partenaires) sont consultées avant les choix stratégiques ?',
          ),
          ind(
            'Nombre de parties prenantes différentes consultées lors du dernier exercice stratégique',
            'catégories',
          ),
        ],
      },
      {
        title: 'Ouverture des décisions aux parties prenantes',
        rows: [
          q(
            'À quels moments de la décision les parties prenantes peuvent-elles peser, et par quels moyens ?',
          ),
        ],
      },
      {
        title: 'Restitution de l’usage des contributions',
        rows: [
          q(
            'Explique-t-on aux personnes consultées ce qui a été retenu de leurs avis, et pourquoi ?',
          ),
          ind(
            'Part des consultations ayant donné lieu à un compte rendu diffusé aux participants',
            '%',
          ),
        ],
      },
      {
        title: 'Donner aux parties prenantes les moyens de participer',
        rows: [
          q(
            'Les personnes consultées disposent-elles des informations et du temps nécessaires pour se forger un avis ?',
          ),
        ],
      },
    ],
  },
  {
    number: 3,
    title: 'Territorialisation de l’activité',
    description: 'Territorialisation de l’activité économique et des emplois',
    domains: [
      {
        title: 'Emplois et achats locaux',
        rows: [
          ind('Part des achats réalisés auprès de fournisseurs du territoire', '%'),
          ind('Part des salariés résidant sur le territoire d’intervention', '%'),
        ],
      },
      {
        title: 'Impacts locaux de l’activité',
        rows: [
          q(
            'Quels effets l’activité a-t-elle sur le territoire (emploi, services rendus, lien social), et comment les suit-on ?',
          ),
        ],
      },
      {
        title: 'Initiatives locales partagées',
        rows: [
          q('Avec quels acteurs du territoire la structure mène-t-elle des projets communs ?'),
          ind('Nombre de partenariats locaux actifs', 'partenariats'),
        ],
      },
      {
        title: 'Politiques publiques territoriales',
        rows: [
          q(
            'La structure contribue-t-elle à l’élaboration des politiques publiques locales (diagnostics, instances de concertation) ?',
          ),
        ],
      },
    ],
  },
  {
    number: 4,
    title: 'Politique salariale et exemplarité sociale',
    description:
      'Politique salariale et exemplarité sociale : formation professionnelle, négociations annuelles obligatoires, santé et sécurité au travail, qualité des emplois',
    domains: [
      {
        title: 'Conditions d’emploi et développement personnel',
        rows: [
          ind('Part des salariés ayant suivi au moins une formation dans l’année', '%'),
          ind('Écart entre la rémunération la plus haute et la plus basse', 'ratio'),
          q(
            'Les souhaits d’évolution des salariés sont-ils recueillis et suivis (entretiens professionnels) ?',
          ),
        ],
      },
      {
        title: 'Qualité de l’emploi',
        rows: [
          ind('Part des contrats à durée indéterminée dans l’effectif', '%'),
          ind('Taux d’absentéisme', '%'),
          q('Comment la santé et la sécurité au travail sont-elles évaluées et améliorées ?'),
        ],
      },
      {
        title: 'Dialogue social',
        rows: [
          q(
            'Comment les salariés ou leurs représentants sont-ils associés aux décisions qui les concernent ?',
          ),
          ind('Nombre d’accords ou de décisions issus du dialogue social dans l’année', 'accords'),
        ],
      },
    ],
  },
  {
    number: 5,
    title: 'Lien avec les usagers et besoins non couverts',
    description:
      'Lien avec les usagers, bénéficiaires et clients, et réponse aux besoins non couverts des populations',
    domains: [
      {
        title: 'Contribution à l’intérêt général',
        rows: [
          q(
            'En quoi l’activité répond-elle à un besoin collectif que d’autres acteurs ne couvrent pas ?',
          ),
        ],
      },
      {
        title: 'Besoins mal couverts',
        rows: [
          q(
            'Comment repère-t-on les besoins émergents ou mal satisfaits des personnes accompagnées ?',
          ),
          ind('Nombre de demandes auxquelles la structure n’a pas pu répondre', 'demandes'),
        ],
      },
      {
        title: 'Éthique de la relation aux usagers',
        rows: [
          ind('Taux de satisfaction exprimé par les usagers', '%'),
          q(
            'Les usagers peuvent-ils exprimer une réclamation et savoir quelle suite y est donnée ?',
          ),
        ],
      },
    ],
  },
  {
    number: 6,
    title: 'Diversité et égalité femmes-hommes',
    description:
      'Diversité, lutte contre les discriminations, égalité réelle entre les femmes et les hommes (égalité professionnelle, présence dans les instances élues)',
    domains: [
      {
        title: 'Non-discrimination',
        rows: [
          q(
            'Les procédures de recrutement et de promotion sont-elles écrites et vérifiées pour éviter toute discrimination ?',
          ),
        ],
      },
      {
        title: 'Diversité',
        rows: [
          q(
            'La composition des équipes et des instances reflète-t-elle la diversité des personnes concernées par l’activité ?',
          ),
          ind('Part de salariés en situation de handicap', '%'),
        ],
      },
      {
        title: 'Égalité des chances',
        rows: [ind('Écart de rémunération moyenne entre femmes et hommes à poste équivalent', '%')],
      },
      {
        title: 'Équilibre femmes-hommes dans les instances',
        rows: [
          ind(
            'Part du sexe le moins représenté au conseil d’administration (objectif courant : au moins 40 %)',
            '%',
          ),
          ind('Part du sexe le moins représenté au bureau', '%'),
        ],
      },
    ],
  },
  {
    number: 7,
    title: 'Développement durable',
    description: 'Développement durable, dans sa dimension environnementale',
    domains: [
      {
        title: 'Énergie et émissions',
        rows: [
          ind('Consommation d’énergie des locaux', 'kWh'),
          q('Un bilan des émissions de gaz à effet de serre a-t-il été réalisé ou est-il prévu ?'),
        ],
      },
      {
        title: 'Achats et ressources',
        rows: [
          ind('Part des achats intégrant un critère environnemental', '%'),
          q('Comment réduit-on les déchets et favorise-t-on le réemploi ?'),
        ],
      },
      {
        title: 'Mobilité',
        rows: [
          q(
            'Quelles mesures encouragent des déplacements moins polluants (salariés, bénévoles, usagers) ?',
          ),
        ],
      },
    ],
  },
  {
    number: 8,
    title: 'Éthique et déontologie',
    description: 'Éthique et déontologie',
    domains: [
      {
        title: 'Valeurs écrites et partagées',
        rows: [
          q(
            'Les valeurs de la structure sont-elles écrites (charte, projet associatif) et présentées aux nouveaux arrivants ?',
          ),
        ],
      },
      {
        title: 'Prévention des conflits d’intérêts et de la corruption',
        rows: [
          q(
            'Les administrateurs et dirigeants déclarent-ils leurs intérêts, et comment ces déclarations sont-elles suivies ?',
          ),
          ind('Part des administrateurs ayant signé une déclaration d’intérêts', '%'),
        ],
      },
      {
        title: 'Procédure d’alerte',
        rows: [
          q(
            'Existe-t-il une procédure d’alerte connue de tous, qui protège la personne qui signale ?',
          ),
        ],
      },
    ],
  },
];
