import type { User } from '@tokendesk/shared/schemas/user'
import { RelativeTime } from '@/components/ui/relative-time'
import { ROLE_LABELS } from '@/lib/role-labels'

export function ProfileSummary({ user }: { user: User }) {
  return (
    <dl className="details">
      <div>
        <dt>Name</dt>
        <dd>{user.name}</dd>
      </div>
      <div>
        <dt>Email</dt>
        <dd>{user.email}</dd>
      </div>
      <div>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
      </div>
      <div>
        <dt>Member since</dt>
        <dd>
          <RelativeTime date={user.createdAt} />
        </dd>
      </div>
    </dl>
  )
}
