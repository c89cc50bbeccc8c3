import { TOKEN_KINDS, TOKEN_STATUSES } from '@tokendesk/shared/schemas/token'
import { useCallback, useId, useState } from 'react'
import { SelectField, TextField } from '@/components/ui/field'
import { useDebouncedInput } from '@/hooks/use-debounced-input'
import { KIND_LABELS, STATUS_LABELS } from '@/lib/token-words'
import type { TokenFilters } from '../api/get-tokens'
import { countFoldedFilters, type FilterKey } from './use-token-filters'

type TokenFiltersProps = {
  filters: TokenFilters
  isAdmin: boolean
  onChange: (key: FilterKey, value: string) => void
}

const SORT_LABELS = { expiry: 'Expiry (soonest first)', label: 'Label', created: 'Date added' }

/** Search stays in view; on a phone the other choices fold behind a "Filters" button. */
export function TokenFiltersBar({ filters, isAdmin, onChange }: TokenFiltersProps) {
  const commitSearch = useCallback((value: string) => onChange('q', value), [onChange])
  const [search, setSearch] = useDebouncedInput(filters.q ?? '', commitSearch)
  const [open, setOpen] = useState(false)
  const foldId = useId()
  const active = countFoldedFilters(filters)

  return (
    <search className="filters" aria-label="Filter tokens">
      <TextField
        label="Search by label"
        name="q"
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        autoComplete="off"
      />
      <button
        type="button"
        className="button button-secondary filters-toggle"
        aria-expanded={open}
        aria-controls={foldId}
        onClick={() => setOpen((value) => !value)}
      >
        Filters
        {active > 0 ? <span className="filters-count">{`(${active} on)`}</span> : null}
      </button>
      <div id={foldId} className="filters-fold" data-open={open || undefined}>
        <SelectField
          label="Kind"
          name="kind"
          value={filters.kind ?? ''}
          onChange={(e) => onChange('kind', e.target.value)}
        >
          <option value="">All kinds</option>
          {TOKEN_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Status"
          name="status"
          value={filters.status ?? ''}
          onChange={(e) => onChange('status', e.target.value)}
        >
          <option value="">Any status</option>
          {TOKEN_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status].label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Whose"
          name="scope"
          value={filters.scope ?? (isAdmin ? 'all' : '')}
          onChange={(e) => onChange('scope', e.target.value)}
        >
          {isAdmin ? (
            <option value="all">Everyone’s tokens</option>
          ) : (
            <option value="">Mine and shared with me</option>
          )}
          <option value="mine">Mine</option>
          <option value="shared">Shared with me</option>
        </SelectField>
        <SelectField
          label="Sort by"
          name="sort"
          value={filters.sort ?? 'expiry'}
          onChange={(e) => onChange('sort', e.target.value)}
        >
          {Object.entries(SORT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
    </search>
  )
}
