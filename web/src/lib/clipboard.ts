/** Writes text to the clipboard; throws a readable error when the browser refuses. */
export async function copyText(text: string) {
  if (!navigator.clipboard?.writeText) {
    throw new Error('This browser does not allow copying here. Use a secure (https) address.')
  }
  await navigator.clipboard.writeText(text)
}
