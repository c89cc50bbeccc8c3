import type { AddonView } from '@tokendesk/shared/schemas/installation'

/** Where an add-on may be installed, in words. */
export function installTargets(addon: Pick<AddonView, 'allowGlobal' | 'allowRoom'>) {
  if (addon.allowGlobal && addon.allowRoom) return 'Global or room'
  return addon.allowGlobal ? 'Global only' : 'Room only'
}
