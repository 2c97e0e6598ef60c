import type { RefObject } from 'react'
import { RUN_STATUSES, type RunStatus } from '../../../core/records'
import { STRATEGY_NAMES } from '../../../core/strategy-spec'
import { formatCount } from '../i18n/formats'
import { useT } from '../i18n/i18n'
import type { HistoryFilters as Filters } from './history-query'

/** Finished runs first, the status most looked for. */
const STATUSES: RunStatus[] = ['done', ...RUN_STATUSES.filter((s) => s !== 'done')]

interface Props {
  filters: Filters
  filter: (change: Partial<Filters>) => void
  query: string
  setQuery: (query: string) => void
  filtered: boolean
  clear: () => void
  modelIds: readonly string[]
  total: number | null
  searchRef: RefObject<HTMLInputElement | null>
}

/** The history's search, model, strategy and status filters, and the count of what they match. */
export function HistoryFilters({
  filters,
  filter,
  query,
  setQuery,
  filtered,
  clear,
  modelIds,
  total,
  searchRef,
}: Props) {
  const t = useT()
  return (
    <div className="history-filters">
      <input
        ref={searchRef}
        type="search"
        aria-label={t('history.searchAria')}
        placeholder={t('history.search')}
        title={t('history.searchTitle')}
        aria-keyshortcuts="/"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <select
        aria-label={t('history.filterModel')}
        value={filters.model}
        onChange={(e) => filter({ model: e.target.value })}
      >
        <option value="">{t('history.allModels')}</option>
        {modelIds.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
      <select
        aria-label={t('history.filterStrategy')}
        value={filters.strategy}
        onChange={(e) => filter({ strategy: e.target.value })}
      >
        <option value="">{t('history.allStrategies')}</option>
        {STRATEGY_NAMES.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select
        aria-label={t('history.filterStatus')}
        value={filters.status}
        onChange={(e) => filter({ status: e.target.value as RunStatus | '' })}
      >
        <option value="">{t('history.allStatuses')}</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`history.status.${s}`)}
          </option>
        ))}
      </select>
      {filtered && (
        <button type="button" onClick={clear}>
          {t('history.clearFilters')}
        </button>
      )}
      {total !== null && total > 0 && (
        <span className="hint" aria-live="polite">
          {total === 1 ? t('history.countOne') : t('history.count', { total: formatCount(total) })}
        </span>
      )}
    </div>
  )
}
