import { EmptyState } from '@/components/ui/empty-state'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { useAddons } from '../api/get-addons'
import { AddonsTable } from './addons-table'

export function AddonsList() {
  const addons = useAddons()

  if (addons.isPending) return <Loading label="Loading add-ons…" lines={3} />
  if (addons.isError) {
    return (
      <QueryError
        title="Could not load add-ons"
        error={addons.error}
        onRetry={() => addons.refetch()}
      />
    )
  }
  if (addons.data.items.length === 0) {
    return (
      <EmptyState title="No add-ons yet">
        Create one with the form above, then install it with its descriptor URL.
      </EmptyState>
    )
  }
  return <AddonsTable addons={addons.data.items} />
}
