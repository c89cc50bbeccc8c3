/** Leaves the SPA with a full page load, discarding every bit of in-memory state. */
export function hardNavigate(path: string) {
  window.location.replace(path)
}
