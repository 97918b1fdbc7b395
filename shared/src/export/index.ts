export * from './export-model.ts';
