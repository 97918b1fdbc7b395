/**
 * Find and filter (what is left to do before the bureau), undo/redo, presentation mode.
 */
import {
  completion,
  findIssues,
  isFiltering,
  NO_FILTER,
  type CycleModel,
  type GridFilter,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';

export function GridToolbar({
  model,
  filter,
  onFilter,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  onPresent,
  readOnly,
  onOpenTrash,
}: {
  model: CycleModel;
  filter: GridFilter;
  onFilter(filter: GridFilter): void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
  onPresent(): void;
  readOnly: boolean;
  /** Opens the Corbeille (deleted rows and domains). */
  onOpenTrash?: () => void;
}) {
  const { t } = useI18n();
  const stats = completion(model);
  const issues = findIssues(model);
  const themeReasons = issues.filter((issue) => issue.type === 'theme-reason-missing').length;
  const set = (patch: Partial<GridFilter>) => onFilter({ ...filter, ...patch });

  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.title')}>
      <div className="toolbar-group" role="search">
        <label className="visually-hidden" htmlFor="grid-search">
          {t('toolbar.search')}
        </label>
        <input
          id="grid-search"
          type="search"
          placeholder={t('toolbar.search')}
          value={filter.text}
          onChange={(event) => set({ text: event.target.value })}
        />
        <select
          aria-label={t('toolbar.theme')}
          value={filter.themeIds[0] ?? ''}
          onChange={(e) => set({ themeIds: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">{t('toolbar.allThemes')}</option>
          {model.themes.map((theme) => (
            <option key={theme.id} value={theme.id}>
              {theme.number}. {theme.title}
            </option>
          ))}
        </select>
        <select
          aria-label={t('toolbar.retained')}
          value={filter.retained}
          onChange={(e) => set({ retained: e.target.value as GridFilter['retained'] })}
        >
          <option value="all">{t('toolbar.retainedAll')}</option>
          <option value="retained">{t('toolbar.retainedOnly')}</option>
          <option value="dropped">{t('toolbar.droppedOnly')}</option>
        </select>
        <select
          aria-label={t('toolbar.nature')}
          value={filter.nature}
          onChange={(e) => set({ nature: e.target.value as GridFilter['nature'] })}
        >
          <option value="all">{t('toolbar.natureAll')}</option>
          <option value="qualitative">{t('grid.qualitative')}</option>
          <option value="quantitative">{t('grid.quantitative')}</option>
        </select>
        <select
          aria-label={t('toolbar.missing')}
          value={filter.missing}
          onChange={(e) => set({ missing: e.target.value as GridFilter['missing'] })}
        >
          <option value="all">{t('toolbar.missingAll')}</option>
          <option value="baseline">
            {t('toolbar.missingBaseline', { count: stats.missingBaseline })}
          </option>
          <option value="objective">
            {t('toolbar.missingObjective', { count: stats.missingObjective })}
          </option>
          <option value="any">{t('toolbar.missingAny')}</option>
        </select>
        {isFiltering(filter) && (
          <button type="button" onClick={() => onFilter(NO_FILTER)}>
            {t('toolbar.clear')}
          </button>
        )}
      </div>
      <p className="toolbar-summary" aria-live="polite">
        {t('toolbar.summary', {
          baseline: stats.missingBaseline,
          objective: stats.missingObjective,
        })}
        {themeReasons > 0 && (
          <strong className="flag-inline">
            {' '}
            · {t('toolbar.themeReasons', { count: themeReasons })}
          </strong>
        )}
      </p>
      <div className="toolbar-group">
        {onOpenTrash && (
          <button type="button" onClick={onOpenTrash}>
            {t('trash.open')}
          </button>
        )}
        {!readOnly && (
          <>
            <button type="button" onClick={onUndo} disabled={!canUndo} title="Ctrl+Z">
              ↶ {t('toolbar.undo')}
            </button>
            <button type="button" onClick={onRedo} disabled={!canRedo} title="Ctrl+Maj+Z">
              ↷ {t('toolbar.redo')}
            </button>
          </>
        )}
        <button type="button" className="primary" onClick={onPresent}>
          {t('toolbar.present')}
        </button>
      </div>
    </div>
  );
}
