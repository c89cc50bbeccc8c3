import { fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { ConfirmDialog } from './confirm-dialog'
import { type CloseGuard, Dialog, DialogCloseButton } from './dialog'

const pressEscape = (dialog: HTMLElement) =>
  fireEvent(dialog, new Event('cancel', { bubbles: false, cancelable: true }))

function Harness({ guard }: { guard?: CloseGuard }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Show secret
      </button>
      <Dialog open={open} title="Your secret" onClose={() => setOpen(false)} guard={guard}>
        <p>s3cret</p>
        <button type="button">Copy it</button>
        <DialogCloseButton />
      </Dialog>
    </>
  )
}

function Gone() {
  const [open, setOpen] = useState(false)
  return (
    <>
      {open ? null : (
        <button type="button" onClick={() => setOpen(true)}>
          Rotate
        </button>
      )}
      <h2 id="row" tabIndex={-1}>
        New key
      </h2>
      <Dialog
        open={open}
        title="New key"
        onClose={() => setOpen(false)}
        fallbackFocus={() => document.getElementById('row')}
      >
        <DialogCloseButton />
      </Dialog>
    </>
  )
}

function Confirm() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Revoke
      </button>
      <ConfirmDialog
        open={open}
        title="Revoke it?"
        confirmLabel="Revoke key"
        cancelLabel="Keep it"
        onConfirm={() => setOpen(false)}
        onCancel={() => setOpen(false)}
      >
        <p>Sure?</p>
      </ConfirmDialog>
    </>
  )
}

function openFrom(name: string) {
  const opener = screen.getByRole('button', { name })
  opener.focus()
  fireEvent.click(opener)
  return opener
}

describe('Dialog', () => {
  it('closes on Escape and gives focus back to what opened it', () => {
    render(<Harness />)
    const opener = openFrom('Show secret')
    pressEscape(screen.getByRole('dialog', { name: 'Your secret' }))
    expect(screen.queryByText('s3cret')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('with a guard, asks before closing on Escape or Close, and goes back on “Go back”', () => {
    render(<Harness guard={{ when: true, question: 'Have you copied the secret?' }} />)
    const opener = openFrom('Show secret')
    const dialog = screen.getByRole('dialog', { name: 'Your secret' })
    const copy = within(dialog).getByRole('button', { name: 'Copy it' })
    copy.focus()

    pressEscape(dialog)
    const ask = screen.getByRole('dialog', { name: 'Have you copied the secret?' })
    expect(ask.hasAttribute('open')).toBe(true)
    expect(within(ask).getByText(/shown only this once/)).toBeTruthy()
    // Escape on the question answers the question, not the dialog below it.
    pressEscape(ask)
    expect(ask.hasAttribute('open')).toBe(false)
    expect(screen.getByText('s3cret')).toBeTruthy()
    expect(document.activeElement).toBe(copy)

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }))
    fireEvent.click(within(ask).getByRole('button', { name: 'Go back' }))
    expect(screen.getByText('s3cret')).toBeTruthy()

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }))
    fireEvent.click(within(ask).getByRole('button', { name: 'Yes, close' }))
    expect(screen.queryByText('s3cret')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('closes at once when the guard is off (the secret was confirmed)', () => {
    render(<Harness guard={{ when: false }} />)
    openFrom('Show secret')
    fireEvent.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByText('s3cret')).toBeNull()
    expect(screen.queryByRole('dialog', { name: 'Have you copied it?' })).toBeNull()
  })

  it('gives focus to the fallback when what opened it is gone', () => {
    render(<Gone />)
    openFrom('Rotate')
    fireEvent.click(screen.getByRole('button', { name: 'Close' }))
    expect(document.activeElement?.id).toBe('row')
  })
})

describe('ConfirmDialog', () => {
  it('gives focus back to what opened it, with the labels it is given', () => {
    render(<Confirm />)
    const opener = openFrom('Revoke')
    fireEvent.click(screen.getByRole('button', { name: 'Keep it' }))
    expect(document.activeElement).toBe(opener)
  })
})
