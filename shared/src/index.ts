export * from './schema/cycle.types.ts';
export * from './schema/keys.ts';
export * from './schema/order.ts';
export * from './schema/ids.ts';
export * from './schema/cycle-doc.ts';
export * from './schema/migrations.ts';
export * from './template/guide-template.ts';
export * from './template/create-cycle.ts';
export * from './protocol/collab.ts';
export * from './text/typography.ts';
export * from './i18n/stages.ts';
export * from './grid/grid-ops.ts';
export * from './grid/grid-checks.ts';
export * from './grid/undo.ts';
export * from './auth/roles.ts';
export * from './export/index.ts';
export * from './text/text-diff.ts';
export * from './grid/apply-changes.ts';

// ── nothing-lost (issue 8) ──
export * from './text/french-number.ts';
export * from './text/french-date.ts';
export * from './grid/import-merge.ts';
export * from './grid/trash.ts';

// ── security and limits (issue 18) ──

// ── meeting room (issue 9) ──
export * from './grid/drag-moves.ts';

// ── sections (issue 11) ──
export * from './editor/editor-schema.ts';
export * from './editor/section-content.ts';
export * from './editor/cycle-sections.ts';
export * from './editor/section-ops.ts';
export * from './editor/comment-passages.ts';
export * from './stakeholders/stakeholders.ts';
export * from './synthesis/synthesis-model.ts';

// ── comments (issue 12) ──

// ── versions (issue 13) ──
export * from './versions/compare.ts';
export * from './versions/restore.ts';
export * from './versions/row-restore.ts';
export * from './versions/records.ts';
export * from './versions/labels.ts';

// ── actions (issue 14) ──
export * from './actions/index.ts';

// ── set-up and offline (issue 17) ──
export * from './setup/cycle-setup.ts';
export * from './dashboard/index.ts';
