import { html } from 'hono/html'
import type { snapshot } from './admin-ops'
import { FAULT_MODES } from './controls'
import type { Html } from './layout'
import { ALL_SCOPES, SCOPES } from './scopes'

type Snapshot = ReturnType<typeof snapshot>

export function dashboard(s: Snapshot): Html {
  return html`<p>Base URL <code>${s.baseUrl}</code>, capabilities
<a href="/v2/capabilities"><code>${s.baseUrl}/v2/capabilities</code></a>.
The JSON API under <code>/admin/api</code> does the same as this page.</p>
${directory(s)}${installations(s)}${tokens(s)}${controls(s)}`
}

function directory(s: Snapshot): Html {
  const groupOptions = s.groups.map(
    (g) => html`<option value="${g.id}">${g.name} (${g.id})</option>`,
  )
  return html`<section>
<h2>Groups, users and rooms</h2>
<table><thead><tr><th>Group</th><th>Users</th><th>Rooms</th></tr></thead><tbody>
${s.groups.map(
  (g) => html`<tr><td>${g.name} (${g.id})</td>
<td>${s.users.filter((u) => u.groupId === g.id).map((u) => html`${u.name} @${u.mentionName} (${u.id})<br>`)}</td>
<td>${s.rooms.filter((r) => r.groupId === g.id).map((r) => html`${r.name} (${r.id})<br>`)}</td></tr>`,
)}
</tbody></table>
<form method="post" action="/admin/groups">
<label for="group-name">New group name</label><input id="group-name" name="name" required>
<button type="submit">Create group</button>
</form>
<form method="post" action="/admin/users">
<label for="user-group">Group</label><select id="user-group" name="groupId">${groupOptions}</select>
<label for="user-name">User name</label><input id="user-name" name="name" required>
<label for="user-mention">Mention name (optional)</label><input id="user-mention" name="mentionName">
<button type="submit">Create user</button>
</form>
<form method="post" action="/admin/rooms">
<label for="room-group">Group</label><select id="room-group" name="groupId">${groupOptions}</select>
<label for="room-name">Room name</label><input id="room-name" name="name" required>
<button type="submit">Create room</button>
</form>
</section>`
}

function installations(s: Snapshot): Html {
  return html`<section>
<h2>Add-on installations</h2>
<table><thead><tr><th>Add-on</th><th>oauthId</th><th>Where</th><th>Scopes</th><th></th></tr></thead><tbody>
${s.installations.map(
  (i) => html`<tr><td>${i.name}</td><td><code>${i.oauthId}</code></td>
<td>${i.roomId === null ? `group ${i.groupId}` : `room ${i.roomId}`}</td><td>${i.scopes.join(' ')}</td>
<td><form method="post" action="/admin/uninstall" class="inline">
<input type="hidden" name="oauthId" value="${i.oauthId}">
<button type="submit" aria-label="Uninstall ${i.name} (${i.oauthId})">Uninstall</button></form></td></tr>`,
)}
</tbody></table>
<form method="post" action="/admin/install">
<label for="descriptor-url">Descriptor URL (127.0.0.1 or localhost)</label>
<input id="descriptor-url" name="descriptorUrl" type="url" size="60" required>
<label for="install-target">Install into</label>
<select id="install-target" name="target">
${s.groups.map((g) => html`<option value="group:${g.id}">${g.name}: globally</option>`)}
${s.rooms.map((r) => html`<option value="room:${r.id}">room ${r.name} (${r.id})</option>`)}
</select>
<button type="submit">Install</button>
</form>
</section>`
}

function tokens(s: Snapshot): Html {
  return html`<section>
<h2>Tokens</h2>
<table><thead><tr><th>Token</th><th>Kind</th><th>Label / client</th><th>Scopes</th><th>Expires</th><th>Active</th></tr></thead><tbody>
${s.tokens.map(
  (
    t,
  ) => html`<tr><td><code>${t.token}</code></td><td>${t.kind}</td><td>${t.label ?? t.clientId}</td>
<td>${t.scopes.join(' ')}</td><td>${t.expiresAt}</td><td>${t.active ? 'yes' : 'no'}</td></tr>`,
)}
</tbody></table>
<form method="post" action="/admin/personal-token">
<h3>Personal access token</h3>
<label for="pat-user">Owner</label>
<select id="pat-user" name="userId" required>${s.users.map((u) => html`<option value="${u.id}">${u.name} (${u.id})</option>`)}</select>
<label for="pat-label">Label</label><input id="pat-label" name="label">
<fieldset><legend>Scopes</legend>
${ALL_SCOPES.map(
  (id) => html`<input type="checkbox" id="pat-${id}" name="scopes" value="${id}" checked>
<label for="pat-${id}" class="inline">${SCOPES[id].name} (${id})</label><br>`,
)}
</fieldset>
<button type="submit">Mint personal token</button>
</form>
<form method="post" action="/admin/room-token">
<h3>Room notification token (send_notification)</h3>
<label for="rt-room">Room</label>
<select id="rt-room" name="roomId" required>${s.rooms.map((r) => html`<option value="${r.id}">${r.name} (${r.id})</option>`)}</select>
<label for="rt-label">Label</label><input id="rt-label" name="label">
<button type="submit">Mint room token</button>
</form>
</section>`
}

function controls(s: Snapshot): Html {
  return html`<section>
<h2>Test controls</h2>
<h3>Token endpoint counters</h3>
<pre>${JSON.stringify(s.counters, null, 2)}</pre>
<p>Pending faults: ${s.faults.length === 0 ? 'none' : s.faults.map((f) => `${f.mode}×${f.remaining}`).join(', ')}.
Latency: ${s.latencyMs} ms.</p>
<form method="post" action="/admin/fault">
<label for="fault-mode">Fault for the next token requests</label>
<select id="fault-mode" name="mode">${FAULT_MODES.map((m) => html`<option value="${m}">${m}</option>`)}</select>
<label for="fault-count">Count</label><input id="fault-count" name="count" type="number" min="1" value="1">
<label for="fault-retry">Retry-After seconds (optional)</label><input id="fault-retry" name="retryAfter" type="number" min="0">
<button type="submit">Add fault</button>
</form>
<form method="post" action="/admin/latency">
<label for="latency-ms">Latency per token request (ms)</label>
<input id="latency-ms" name="ms" type="number" min="0" value="${s.latencyMs}">
<button type="submit">Set latency</button>
</form>
<form method="post" action="/admin/reset">
<button type="submit">Reset all emulator state</button>
</form>
</section>`
}
