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
      <p>
        A test event (the <strong>Send test event</strong> button) is signed the same way; its body
        has <code>"type": "test"</code> and <code>"id": null</code>, so a receiver can tell it from
        an alert. A redelivered alert keeps its <code>id</code>: receivers that remember ids can
        skip one they already handled.
      </p>
    </div>
  )
}
