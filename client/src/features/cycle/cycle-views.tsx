/**
 * The views of a cycle workspace besides the steering grid (sections, action plan, synthesis…).
 * Each view shares the workspace's one live document, presence and undo; it is reached at
 * `/cycles/:id/<path>` and listed in the workspace's tab bar in this order.
 */
import type { ReactNode } from 'react';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import type * as Y from 'yjs';
import type { CycleModel, Role } from '@pilotis/shared';
import type { Cycle } from '../../lib/api.ts';
import type { MessageKey } from '../../i18n/fr.ts';
import type { Participant } from '../presence/use-presence.ts';
import { ACTION_VIEWS } from '../actions/action-views.tsx';
import { SectionsView } from '../sections/sections-view.tsx';
import { StakeholdersView } from '../sections/stakeholders-view.tsx';
import { SynthesisView } from '../sections/synthesis-view.tsx';
import { ThreadsView } from '../comments/threads-view.tsx';
import { VersionsView } from '../versions/versions-view.tsx';
import { SetupView } from '../setup/setup-view.tsx';
import { DashboardView } from '../dashboard/dashboard-view.tsx';

/** What every view of a cycle receives from the workspace. */
export interface CycleViewContext {
  cycle: Cycle;
  doc: Y.Doc;
  provider: HocuspocusProvider | null;
  model: CycleModel;
  role: Role | null;
  /** True for commentateur and lecteur: the view offers no edit. */
  readOnly: boolean;
  /** The person at this keyboard, as shown to others. */
  author: { name: string; color: string };
  participants: Participant[];
  /** The participant this person follows (« Suivre »), by awareness client id. */
  following?: number | null;
  /** Runs a change to the document as one undo step of this person. */
  edit: (change: () => void) => void;
  /** Shows a short message in the workspace's toast region. */
  announce: (message: string, undoable?: boolean) => void;
}

export interface CycleView {
  /** The last path segment: `/cycles/:id/<path>`. */
  path: string;
  label: MessageKey;
  render(context: CycleViewContext): ReactNode;
}

export const CYCLE_VIEWS: CycleView[] = [
  // ── sections (issue 11) ──
  {
    path: 'textes',
    label: 'sections.view',
    render: (context) => <SectionsView context={context} />,
  },
  {
    path: 'parties-prenantes',
    label: 'stakeholders.view',
    render: (context) => <StakeholdersView context={context} />,
  },
  {
    path: 'synthese',
    label: 'synthesis.view',
    render: (context) => <SynthesisView context={context} />,
  },

  // ── actions (issue 14) ──
  ...ACTION_VIEWS,

  // ── comments (issue 12) ──
  { path: 'fils', label: 'comments.view', render: (context) => <ThreadsView {...context} /> },

  // ── versions (issue 13) ──
  {
    path: 'versions',
    label: 'versions.tab',
    render: (context) => <VersionsView context={context} />,
  },

  // ── set-up and year after year (issues 15, 17) ──
  { path: 'parametres', label: 'setup.view', render: (context) => <SetupView context={context} /> },
  {
    path: 'tableau-de-bord',
    label: 'dashboard.view',
    render: (context) => <DashboardView context={context} />,
  },
];
