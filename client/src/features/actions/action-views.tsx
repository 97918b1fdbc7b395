/**
 * The action plan's views in the cycle workspace: the plan as a table, its calendar, the twelve
 * steps checklist and the quarterly reviews (registered in cycle/cycle-views.tsx).
 */
import type { CycleView } from '../cycle/cycle-views.tsx';
import { ActionsView } from './actions-view.tsx';
import { CalendarView } from './calendar-view.tsx';
import { StepsView } from './steps-view.tsx';
import { ReviewsView } from './reviews-view.tsx';

export const ACTION_VIEWS: CycleView[] = [
  {
    path: 'actions',
    label: 'actions.view',
    render: (context) => <ActionsView context={context} />,
  },
  {
    path: 'calendrier',
    label: 'calendar.view',
    render: (context) => <CalendarView context={context} />,
  },
  { path: 'etapes', label: 'steps.view', render: (context) => <StepsView context={context} /> },
  { path: 'revues', label: 'reviews.view', render: (context) => <ReviewsView context={context} /> },
];
