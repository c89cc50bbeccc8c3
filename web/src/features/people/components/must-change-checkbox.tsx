import { useId } from 'react'

/** Ticked by default: a password an admin chose should not stay the person's password. */
export function MustChangeCheckbox() {
  const hintId = useId()
  return (
    <div className="field">
      <label className="checkbox">
        <input type="checkbox" name="mustChangePassword" defaultChecked aria-describedby={hintId} />
        <span>Must change password at next sign-in</span>
      </label>
      <p className="field-hint" id={hintId}>
        They can do nothing else until they choose their own.
      </p>
    </div>
  )
}
