export * from './dashboard-figures.ts';
export * from './indicator-history.ts';
export * from './one-year-review.ts';
export * from './year-after-year.ts';
