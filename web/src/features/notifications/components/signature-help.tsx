/** How a receiver checks that a delivery came from Token Desk. */
export function SignatureHelp() {
  return (
    <div className="stack">
      <p>
        Each delivery is a JSON <code>POST</code> with two headers:{' '}
        <code>X-TokenDesk-Timestamp</code> (Unix time in seconds) and{' '}
        <code>X-TokenDesk-Signature: v1=&lt;hex&gt;</code>.
      </p>
      <ol className="steps">
        <li>
          Join the timestamp header, a dot and the raw request body, byte for byte:{' '}
          <code>&lt;X-TokenDesk-Timestamp&gt;.&lt;raw body&gt;</code>.
        </li>
        <li>
          Compute HMAC-SHA256 of that string with the webhook’s signing secret and hex-encode it.
        </li>
        <li>
          Compare it with the value after <code>v1=</code> using a constant-time comparison, and
          reject old timestamps (for example older than five minutes) to stop replays.
        </li>
      </ol>
    </div>
  )
}
