import type { User } from '@tokendesk/shared/schemas/user'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { EmptyState } from '@/components/ui/empty-state'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { formatError } from '@/lib/format-error'
import { useUsers } from '../api/get-users'
import { PendingInvites } from './pending-invites'
import { PeopleTable } from './people-table'

type PeopleListProps = {
  currentUserId: string
  onUpdated?: (user: User) => void
}

export function PeopleList({ currentUserId, onUpdated }: PeopleListProps) {
  const users = useUsers()
  const [actionError, setActionError] = useState<unknown>(null)

  if (users.isPending) return <Loading label="Loading people…" lines={3} />
  if (users.isError) {
    return (
      <QueryError
        title="Could not load people"
        error={users.error}
        onRetry={() => users.refetch()}
      />
    )
  }
  if (users.data.items.length === 0) {
    return <EmptyState title="No people yet">Add someone with the form above.</EmptyState>
  }
  return (
    <>
      {actionError ? (
        <Alert
          tone="error"
          title="That change was not made"
          action={
            <button
              type="button"
              className="button button-ghost button-small"
              onClick={() => setActionError(null)}
            >
              Dismiss
            </button>
          }
        >
          {formatError(actionError)}
        </Alert>
      ) : null}
      <PeopleTable
        people={users.data.items}
        currentUserId={currentUserId}
        onResult={setActionError}
        onUpdated={onUpdated}
      />
      <PendingInvites />
    </>
  )
}
