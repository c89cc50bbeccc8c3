import { useQueryClient } from '@tanstack/react-query'
import type { User } from '@tokendesk/shared/schemas/user'
import { PageHeader } from '@/components/ui/page-header'
import { useCurrentUser } from '@/features/auth/api/get-me'
import { CreatePersonForm } from '@/features/people/components/create-person-form'
import { PeopleList } from '@/features/people/components/people-list'
import { queryKeys } from '@/lib/query-keys'
import { NotFoundRoute } from './not-found'

export function PeopleRoute() {
  const user = useCurrentUser()
  const queryClient = useQueryClient()

  // Owners get the same answer as the server gives them: nothing here.
  if (user.role !== 'admin') return <NotFoundRoute />

  const handleUpdated = (updated: User) => {
    if (updated.id === user.id) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.auth.me() })
    }
  }

  return (
    <>
      <PageHeader title="People" description="Everyone who can sign in to Token Desk." />
      <section className="card" aria-labelledby="add-person-heading">
        <h2 id="add-person-heading">Add a person</h2>
        <CreatePersonForm />
      </section>
      <section className="card" aria-labelledby="everyone-heading">
        <h2 id="everyone-heading">Everyone</h2>
        <PeopleList currentUserId={user.id} onUpdated={handleUpdated} />
      </section>
    </>
  )
}
