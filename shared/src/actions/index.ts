export * from './action-ops.ts';
export * from './action-calc.ts';
export * from './cycle-steps.ts';
export * from './action-reviews.ts';
export * from './action-import.ts';
