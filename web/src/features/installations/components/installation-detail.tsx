import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import { ConnectUserForm } from './connect-user-form'
import { installationName } from './installation-status'
import { InstallationSummary } from './installation-summary'
import { InstallationTokens } from './installation-tokens'
import { MintTokenForm } from './mint-token-form'
import { RemoveInstallationButton } from './remove-installation-button'
import { VerifyInstallationButton } from './verify-installation-button'

/** Everything about one installation: its details, its tokens and what can be done with it. */
export function InstallationDetail({ installation }: { installation: InstallationView }) {
  const removed = installation.status === 'removed'
  return (
    <>
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <InstallationSummary installation={installation} />
      </section>
      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Tokens</h2>
        <InstallationTokens installationId={installation.id} />
      </section>
      {removed ? null : (
        <>
          <section className="card" aria-labelledby="mint-heading">
            <h2 id="mint-heading">Mint add-on token</h2>
            <p className="muted">
              A short-lived token (about an hour) from the installation’s client credentials.
            </p>
            <MintTokenForm installation={installation} labelledBy="mint-heading" />
          </section>
          {installation.canConnectUsers ? (
            <section className="card" aria-labelledby="connect-heading">
              <h2 id="connect-heading">Connect a user</h2>
              <ConnectUserForm installation={installation} labelledBy="connect-heading" />
            </section>
          ) : null}
          <section className="card" aria-labelledby="manage-heading">
            <h2 id="manage-heading">Check or remove</h2>
            <p className="muted">
              Verify asks the provider for a token with the stored credentials. Remove forgets them
              and revokes this installation’s tokens.
            </p>
            <VerifyInstallationButton installationId={installation.id}>
              <RemoveInstallationButton
                installationId={installation.id}
                name={installationName(installation)}
              />
            </VerifyInstallationButton>
          </section>
        </>
      )}
    </>
  )
}
