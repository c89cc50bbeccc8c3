import { useCallback } from 'react'
import { SelectField, TextField } from '@/components/ui/field'
import { useDebouncedInput } from '@/hooks/use-debounced-input'
import { AUDIT_ACTION_GROUPS } from '@/lib/audit-actions'
import type { AuditFilterKey } from './use-audit-filters'

type AuditFiltersProps = {
  raw: Record<AuditFilterKey, string>
  onChange: (key: AuditFilterKey, value: string) => void
}

export function AuditFiltersBar({ raw, onChange }: AuditFiltersProps) {
  const commitActor = useCallback((value: string) => onChange('actor', value), [onChange])
  const [actor, setActor] = useDebouncedInput(raw.actor, commitActor)
  const known = AUDIT_ACTION_GROUPS.some((g) => g.value === raw.action)
  return (
    <search className="filters" aria-label="Filter events">
      <TextField
        label="Actor"
        name="actor"
        type="search"
        value={actor}
        onChange={(event) => setActor(event.target.value)}
        hint="Exact email address"
        autoComplete="off"
      />
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
    </search>
  )
}
