import type {
  AddonView,
  createAddonInputSchema,
  installCallbackSchema,
} from '@tokendesk/shared/schemas/installation'
import type { z } from 'zod'
import type { AppDeps, SessionUser } from '../../app-env'
import { newId } from '../../db/ids'
import type { Who } from '../../lib/client-ip'
import { fail, notFound, retryAfter } from '../../lib/http-error'
import { listOwner, visibleOr404 } from '../authz/ownership'
import { upsertInstallation } from '../installations/installation-store'
import { INSTALL_FAILURES } from '../installations/uninstall-throttle'
import { verifyInstall } from '../installations/verify-install'
import { clearWindow, reserveInWindow } from '../window-throttle'
import {
  type AddonRow,
  activeInstallationCount,
  addonKeyTaken,
  findAddon,
  insertAddon,
  listAddons,
} from './addon-store'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

export const descriptorUrl = (publicUrl: string, id: string) =>
  `${publicUrl}/api/addons/${id}/descriptor`
export const callbackUrl = (publicUrl: string, id: string) =>
  `${publicUrl}/api/addons/${id}/installable`

async function toAddonView({ db, config }: Deps, row: AddonRow): Promise<AddonView> {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    scopes: row.scopes,
    allowGlobal: row.allowGlobal,
    allowRoom: row.allowRoom,
    descriptorUrl: descriptorUrl(config.publicUrl, row.id),
    callbackUrl: callbackUrl(config.publicUrl, row.id),
    installationCount: await activeInstallationCount(db, row.id),
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

/** The caller's add-ons; an admin's list holds everyone's. */
export async function listAddonsFor(deps: Deps, user: SessionUser) {
  const rows = await listAddons(deps.db, listOwner(user))
  return Promise.all(rows.map((r) => toAddonView(deps, r)))
}

export async function getAddon(deps: Deps, user: SessionUser, id: string) {
  return toAddonView(deps, visibleOr404(user, await findAddon(deps.db, id), 'Add-on'))
}

export async function createAddon(
  deps: Deps,
  user: SessionUser,
  input: z.infer<typeof createAddonInputSchema>,
  who: Who,
) {
  if (await addonKeyTaken(deps.db, input.key))
    fail(409, 'conflict', 'An add-on with this key exists')
  const row: AddonRow = {
    id: newId(),
    ownerId: user.id,
    description: '',
    createdAt: deps.clock(),
    ...input,
  }
  await insertAddon(deps.db, row, {
    ...who,
    at: deps.clock(),
    actorId: user.id,
    action: 'addon.created',
    targetType: 'addon',
    targetId: row.id,
    ownerId: user.id,
    detail: { key: row.key },
  })
  return toAddonView(deps, row)
}

/** The public descriptor HipChat reads to install the add-on. */
export async function addonDescriptor({ db, config }: Deps, id: string) {
  const addon = (await findAddon(db, id)) ?? notFound('Add-on')
  return {
    key: addon.key,
    name: addon.name,
    description: addon.description,
    vendor: { name: 'Token Desk', url: config.publicUrl },
    links: { self: descriptorUrl(config.publicUrl, addon.id), homepage: config.publicUrl },
    capabilities: {
      hipchatApiConsumer: { scopes: addon.scopes, fromName: addon.name },
      installable: {
        allowGlobal: addon.allowGlobal,
        allowRoom: addon.allowRoom,
        callbackUrl: callbackUrl(config.publicUrl, addon.id),
      },
    },
  }
}

export type InstallCallback = z.infer<typeof installCallbackSchema>

/** HipChat's install callback: the checks of verifyInstall, then the installation is stored. */
export async function installAddon(
  deps: AppDeps,
  addonId: string,
  body: InstallCallback,
  who: Who,
) {
  const addon = (await findAddon(deps.db, addonId)) ?? notFound('Add-on')
  const roomId = body.roomId === undefined || body.roomId === null ? null : String(body.roomId)
  // Every callback makes us call out (capabilities, token endpoint): failures are capped per
  // address, and a success clears the count, so a real provider is never held back.
  const caller = who.ip ?? 'unknown'
  const allowed = await reserveInWindow(deps.db, deps.clock(), INSTALL_FAILURES, caller)
  if (!allowed.ok)
    fail(429, 'too_many_requests', 'Too many failed install attempts; try again later', {
      ...retryAfter(allowed.retryAfterMs),
    })
  const { caps, proof } = await verifyInstall(deps, {
    oauthId: body.oauthId,
    oauthSecret: body.oauthSecret,
    capabilitiesUrl: body.capabilitiesUrl,
    roomId,
    scopes: addon.scopes,
    policy: { allowGlobal: addon.allowGlobal, allowRoom: addon.allowRoom },
  })
  await clearWindow(deps.db, INSTALL_FAILURES, caller)
  return upsertInstallation(deps, {
    ownerId: addon.ownerId,
    addonId: addon.id,
    oauthId: body.oauthId,
    oauthSecret: body.oauthSecret,
    capabilitiesUrl: body.capabilitiesUrl,
    caps,
    proof,
    scopes: addon.scopes,
    groupId: String(body.groupId),
    roomId,
    source: 'callback',
    who,
  })
}
