import { useNavigate } from 'react-router-dom'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import { AddonsList } from '@/features/addons/components/addons-list'
import { CreateAddonForm } from '@/features/addons/components/create-addon-form'

export function AddonsRoute() {
  const navigate = useNavigate()
  return (
    <>
      <PageHeader
        title="Add-ons"
        description="Add-ons you define, with the capabilities descriptor Token Desk serves for them."
      />
      <section className="card" aria-labelledby="addons-heading">
        <h2 id="addons-heading">Your add-ons</h2>
        <AddonsList />
      </section>
      <section className="card" aria-labelledby="create-addon-heading">
        <h2 id="create-addon-heading">Create an add-on</h2>
        <p className="muted">
          Token Desk serves its descriptor at a public URL and receives the provider’s install
          callback, so the installation’s credentials never pass through anyone’s hands.
        </p>
        <CreateAddonForm onCreated={(addon) => navigate(paths.addonDetail.getHref(addon.id))} />
      </section>
    </>
  )
}
