import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cancelClipboardClear } from '@/lib/clipboard-clear'
import { CopyableValue } from './copyable-value'
import { ToastProvider } from './toast-provider'

let held = ''
let readable = true
const clipboard = {
  writeText: vi.fn(async (text: string) => {
    held = text
  }),
  readText: vi.fn(async () => {
    if (!readable) throw new DOMException('Read permission denied.', 'NotAllowedError')
    return held
  }),
}

beforeEach(() => {
  vi.useFakeTimers()
  held = ''
  readable = true
  clipboard.readText.mockClear()
  clipboard.writeText.mockClear()
  vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue(clipboard as unknown as Clipboard)
})
afterEach(() => {
  cancelClipboardClear()
  vi.useRealTimers()
})

const renderValue = (secret: boolean) =>
  render(
    <ToastProvider>
      <CopyableValue label="Signing secret" value="whsec_123" secret={secret} />
    </ToastProvider>,
  )

async function copy() {
  fireEvent.click(screen.getByRole('button', { name: 'Copy signing secret' }))
  await act(async () => {})
}

const aMinute = () =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(60_000)
  })

describe('CopyButton', () => {
  it('clears a copied secret after a minute if the clipboard still holds it, and says so', async () => {
    renderValue(true)
    await copy()
    expect(held).toBe('whsec_123')
    expect(
      screen.getByText('Signing secret copied; the clipboard is cleared in 1 minute.'),
    ).toBeTruthy()
    await act(async () => {
      await vi.advanceTimersByTimeAsync(59_000)
    })
    expect(held).toBe('whsec_123')
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_000)
    })
    expect(held).toBe('')
    expect(screen.getByText('The clipboard was cleared.')).toBeTruthy()
  })

  it('leaves the clipboard alone when something else was copied since', async () => {
    renderValue(true)
    await copy()
    held = 'something of mine'
    await aMinute()
    expect(held).toBe('something of mine')
    expect(screen.queryByText('The clipboard was cleared.')).toBeNull()
  })

  it('says so when the browser will not let it read the clipboard back', async () => {
    renderValue(true)
    await copy()
    readable = false
    await aMinute()
    expect(held).toBe('whsec_123')
    expect(screen.getByText(/The clipboard was not cleared: this browser did not let/)).toBeTruthy()
  })

  it('copies what is not secret and leaves it there', async () => {
    renderValue(false)
    await copy()
    expect(screen.getByText('Signing secret copied to the clipboard.')).toBeTruthy()
    await aMinute()
    expect(held).toBe('whsec_123')
    expect(clipboard.readText).not.toHaveBeenCalled()
  })

  it('says why when the browser refuses to copy', async () => {
    clipboard.writeText.mockRejectedValueOnce(new Error('Write permission denied.'))
    renderValue(true)
    await copy()
    expect(screen.getByText(/Could not copy: Write permission denied\./)).toBeTruthy()
    await aMinute()
    expect(clipboard.readText).not.toHaveBeenCalled()
  })
})
