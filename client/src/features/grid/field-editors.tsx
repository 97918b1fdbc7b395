/**
 * The editors of a row's typed fields (nature and value, treated and its reason), shared by the
 * grid line and the side panel, with the "changed by" note of typed fields.
 */
import { lastChange, rowText, setRowField, type Row } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { CollabText } from '../../collab/collab-text.tsx';
import { useGrid } from './grid-context.ts';
import { NumberField } from '../numbers/number-field.tsx';

function LastChangeNote({ rowId, field }: { rowId: string; field: string }) {
  const { t } = useI18n();
  const { doc } = useGrid();
  const change = lastChange(doc, 'rows', rowId, field);
  if (!change) return null;
  const time = new Date(change.at).toLocaleTimeString('fr-FR', {
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <span className="last-change" title={t('grid.changedBy', { name: change.name, time })}>
      <span className="dot" style={{ background: change.color ?? '#888' }} aria-hidden="true" />
      {t('grid.changedBy', { name: change.name, time })}
    </span>
  );
}

/** Nature (qualitative / quantitative) and, for an indicator, its value and unit. */
export function NatureEditor({ row, compact }: { row: Row; compact?: boolean }) {
  const { t } = useI18n();
  const { doc, edit, author, readOnly } = useGrid();
  const tab = compact ? -1 : 0;
  return (
    <div className="nature-editor">
      <select
        tabIndex={tab}
        aria-label={t('grid.nature')}
        value={row.nature}
        disabled={readOnly}
        onChange={(event) =>
          edit(() => {
            const nature = event.target.value as Row['nature'];
            setRowField(doc, row.id, 'nature', nature, author);
            setRowField(
              doc,
              row.id,
              'kind',
              nature === 'quantitative' ? 'indicator' : 'question',
              author,
            );
          })
        }
      >
        <option value="qualitative">{t('grid.qualitative')}</option>
        <option value="quantitative">{t('grid.quantitative')}</option>
      </select>
      {row.nature === 'quantitative' && (
        <span className="quantity">
          <NumberField
            tabIndex={tab}
            aria-label={t('grid.value')}
            placeholder={t('grid.value')}
            value={row.baselineValue}
            disabled={readOnly}
            onCommit={(value) =>
              edit(() => setRowField(doc, row.id, 'baselineValue', value, author))
            }
          />
          <input
            tabIndex={tab}
            aria-label={t('grid.unit')}
            placeholder={t('grid.unit')}
            maxLength={30}
            value={row.unit}
            disabled={readOnly}
            onChange={(event) =>
              edit(() => setRowField(doc, row.id, 'unit', event.target.value, author))
            }
          />
        </span>
      )}
      <LastChangeNote rowId={row.id} field="nature" />
    </div>
  );
}

/** The "traitée" switch. `compact` keeps its input out of the Tab order (the grid cell has it). */
export function TreatedEditor({ row, compact }: { row: Row; compact?: boolean }) {
  const { t } = useI18n();
  const { doc, edit, author, readOnly } = useGrid();
  return (
    <div className="treated-editor">
      <label className="switch">
        <input
          tabIndex={compact ? -1 : 0}
          type="checkbox"
          checked={row.treated}
          disabled={readOnly}
          onChange={(event) =>
            edit(() => setRowField(doc, row.id, 'treated', event.target.checked, author))
          }
        />
        {row.treated ? t('grid.treatedYes') : t('grid.treatedNo')}
      </label>
      <LastChangeNote rowId={row.id} field="treated" />
    </div>
  );
}

/** Why a row is not treated (collaborative text), shown under the switch. */
export function CollabReason({
  row,
  label,
  invalid,
}: {
  row: Row;
  label: string;
  invalid: boolean;
}) {
  const { t } = useI18n();
  const { doc, readOnly } = useGrid();
  return (
    <CollabText
      text={rowText(doc, row.id, 'notTreatedReason')}
      className={`cell-text reason-text${invalid ? ' invalid' : ''}`}
      tabIndex={-1}
      aria-label={label}
      placeholder={t('grid.reasonPlaceholder')}
      readOnly={readOnly}
    />
  );
}
