import { useCallback, useId, useState } from 'react'
import { SelectField, TextField } from '@/components/ui/field'
import { useDebouncedInput } from '@/hooks/use-debounced-input'
import { AUDIT_ACTION_GROUPS } from '@/lib/audit-actions'
import type { AuditFilterKey } from './use-audit-filters'

type AuditFiltersProps = {
  raw: Record<AuditFilterKey, string>
  onChange: (key: AuditFilterKey, value: string) => void
}

/** The action stays in view; on a phone who and when fold behind a "More filters" button. */
export function AuditFiltersBar({ raw, onChange }: AuditFiltersProps) {
  const commitActor = useCallback((value: string) => onChange('actor', value), [onChange])
  const [actor, setActor] = useDebouncedInput(raw.actor, commitActor)
  const known = AUDIT_ACTION_GROUPS.some((g) => g.value === raw.action)
  const [open, setOpen] = useState(false)
  const foldId = useId()
  const folded = [raw.actor, raw.from, raw.to].filter(Boolean).length
  const action = (
    <SelectField
      label="Action"
      name="action"
      value={raw.action}
      onChange={(event) => onChange('action', event.target.value)}
    >
      <option value="">All actions</option>
      {AUDIT_ACTION_GROUPS.map((group) => (
        <option key={group.value} value={group.value}>
          {group.label}
        </option>
      ))}
      {raw.action && !known ? (
        <option value={raw.action}>Starting with “{raw.action}”</option>
      ) : null}
    </SelectField>
  )
  return (
    <search className="filters" aria-label="Filter events">
      {action}
      <button
        type="button"
        className="button button-secondary filters-toggle"
        aria-expanded={open}
        aria-controls={foldId}
        onClick={() => setOpen((value) => !value)}
      >
        More filters
        {folded > 0 ? <span className="filters-count">{` (${folded} on)`}</span> : null}
      </button>
      <div id={foldId} className="filters-fold" data-open={open || undefined}>
        <TextField
          label="Actor"
          name="actor"
          type="search"
          value={actor}
          onChange={(event) => setActor(event.target.value)}
          hint="Exact email address"
          autoComplete="off"
        />
        <TextField
          label="From"
          name="from"
          type="date"
          value={raw.from}
          max={raw.to || undefined}
          onChange={(event) => onChange('from', event.target.value)}
        />
        <TextField
          label="To"
          name="to"
          type="date"
          value={raw.to}
          min={raw.from || undefined}
          onChange={(event) => onChange('to', event.target.value)}
        />
      </div>
    </search>
  )
}
