export * from './dashboard-figures.ts';
export * from './indicator-history.ts';
