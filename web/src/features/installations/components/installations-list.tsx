import type { ReactNode } from 'react'
import { EmptyState } from '@/components/ui/empty-state'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { useInstallations } from '../api/get-installations'
import { InstallationsTable } from './installations-table'

type InstallationsListProps = {
  /** Only the installations of this add-on (the add-on page). */
  addonId?: string
  emptyTitle?: string
  emptyHint?: ReactNode
}

export function InstallationsList({ addonId, emptyTitle, emptyHint }: InstallationsListProps) {
  const installations = useInstallations()

  if (installations.isPending) return <Loading label="Loading installations…" lines={3} />
  if (installations.isError) {
    return (
      <QueryError
        title="Could not load installations"
        error={installations.error}
        onRetry={() => installations.refetch()}
      />
    )
  }
  const items = addonId
    ? installations.data.items.filter((i) => i.addonId === addonId)
    : installations.data.items
  if (items.length === 0) {
    return (
      <EmptyState title={emptyTitle ?? 'No installations yet'}>
        {emptyHint ??
          'Install one of your add-ons in the provider with its descriptor URL, or register an installation by hand with the form above.'}
      </EmptyState>
    )
  }
  return (
    <InstallationsTable
      installations={items}
      caption={addonId ? 'Installations of this add-on' : 'Your installations'}
    />
  )
}
