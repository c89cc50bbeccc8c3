import type { User } from '@tokendesk/shared/schemas/user'
import { RelativeTime } from '@/components/ui/relative-time'
import { StatusBadge } from '@/components/ui/status-badge'
import { ROLE_LABELS } from '@/lib/role-labels'
import { PersonActions } from './person-actions'

type PeopleTableProps = {
  people: User[]
  currentUserId: string
  onUpdated?: (user: User) => void
  onResult: (error: unknown) => void
}

export function PeopleTable({ people, currentUserId, onUpdated, onResult }: PeopleTableProps) {
  // The server refuses to leave no active admin; the last one is not offered the change.
  const activeAdmins = people.filter((p) => p.role === 'admin' && !p.disabled).length
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">People with access to Token Desk</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => {
            const isSelf = person.id === currentUserId
            const onlyAdmin = person.role === 'admin' && !person.disabled && activeAdmins === 1
            return (
              <tr key={person.id}>
                <th scope="row" className="cell-strong">
                  {person.name}
                  {isSelf ? <span className="muted"> (you)</span> : null}
                </th>
                <td>{person.email}</td>
                <td>{ROLE_LABELS[person.role]}</td>
                <td>
                  {person.disabled ? (
                    <StatusBadge tone="neutral">Disabled</StatusBadge>
                  ) : person.mustChangePassword ? (
                    <StatusBadge tone="warning">Must change password</StatusBadge>
                  ) : (
                    <StatusBadge tone="success">Active</StatusBadge>
                  )}
                </td>
                <td>
                  <RelativeTime date={person.createdAt} />
                </td>
                <td>
                  <PersonActions
                    person={person}
                    isSelf={isSelf}
                    onlyAdmin={onlyAdmin}
                    onResult={onResult}
                    onUpdated={onUpdated}
                  />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
