import { ADMIN, type Backend, type Bench, OWNER } from '../harness'
import { Api, getJson } from '../lib/api'
import { anomalies, load } from '../lib/load'
import type { Child } from '../lib/proc'
import { type Figure, fmt, verdict } from '../lib/report'
import { pastedTokens } from '../lib/seed'
import { dbCpu } from './bot-access'

const LIST_PATH = '/api/tokens?limit=50'

/** The owner's 10,000 tokens (2,000 in quick mode); inserted while the server is stopped. */
export function seedOwnerTokens(bench: Bench, backend: Backend, ownerId: string) {
  return bench.seed(backend, (s) =>
    s.insertTokens(pastedTokens(s.keyring, ownerId, bench.cfg.listTokens, Date.now())),
  )
}

/**
 * #2: GET /api/tokens, first page, for an owner with many tokens and for the admin. On one
 * server: 1 connection, 8 connections and the admin's view; on replicas, the 8 connections
 * spread over them. `totalTokens` is what the admin sees (every token in the database).
 */
export async function tokenList(
  bench: Bench,
  servers: Child[],
  backend: Backend,
  totalTokens: number,
) {
  const { cfg } = bench
  const db = backend.label
  const [first] = servers
  if (!first) throw new Error('no server')
  bench.log(`#2 GET /api/tokens, owner with ${cfg.listTokens} tokens (${db})`)
  const ownerApi = new Api(first.url)
  await ownerApi.login(OWNER.email, OWNER.password)
  // Sessions live in the database, so the one cookie is good on every replica.
  for (const server of servers) {
    const page = await getJson<{ items: unknown[] }>(`${server.url}${LIST_PATH}`, {
      headers: { cookie: ownerApi.cookie },
    })
    if (page.items.length !== 50)
      throw new Error(`first page on ${server.url} has ${page.items.length} items, expected 50`)
  }
  const headers = { cookie: ownerApi.cookie }
  const single = servers.length === 1
  const adminApi = new Api(first.url)
  if (single) await adminApi.login(ADMIN.email, ADMIN.password)
  // As before PostgreSQL came: 1 connection first, then 8, on one server.
  const one = single
    ? await bench.versusBare({
        servers,
        backend,
        path: LIST_PATH,
        headers,
        connections: 1,
        sec: cfg.listSec,
        rounds: cfg.rounds,
      })
    : null
  const eight = await bench.versusBare({
    servers,
    backend,
    path: LIST_PATH,
    headers,
    connections: 8,
    sec: cfg.listSec,
    rounds: cfg.rounds,
    cpu: true,
  })
  const eightFigure: Figure = {
    id: '2',
    db,
    what: !single
      ? `GET /api/tokens first 50 of ${cfg.listTokens} (owner), 8 connections over ${servers.length} replicas (${eight.spread.join(' + ')}): p50 / p99 / throughput`
      : 'same, 8 connections: p50 / p99 / throughput',
    value: `${fmt.ms(eight.server.p50)} / ${fmt.ms(eight.server.p99)} / ${fmt.rps(eight.server.rps)}`,
    reference: `bare route ${fmt.ms(eight.bare.p50)} / ${fmt.ms(eight.bare.p99)} / ${fmt.rps(eight.bare.rps)}`,
    ratio: fmt.x(eight.server.p99 / eight.bare.p99),
    target: 'p99 < 10 ms, >= 2,000 req/s',
    verdict: verdict(eight.server.p99 < 10 && eight.server.rps >= 2000 && !eight.server.anomalies),
    note: `server CPU ${fmt.cpu(eight.server.cpuMsPerRequest)} per request${servers.length > 1 ? ' (all replicas)' : ''}${dbCpu(eight.server.dbCpuMsPerRequest)}${eight.server.anomalies ? `; non-200 answers: ${eight.server.anomalies}` : ''}`,
  }
  if (!one) {
    bench.keep('list', db, { eight })
    bench.figures.push(eightFigure)
    return
  }

  const adminView = await load({
    url: `${first.url}${LIST_PATH}`,
    connections: 1,
    durationSec: cfg.listSec,
    headers: { cookie: adminApi.cookie },
  })
  bench.keep('list', db, { one, eight, adminView })
  const note = [one.server.anomalies, anomalies(adminView)].filter(Boolean).join('; ')
  bench.figures.push(
    {
      id: '2',
      db,
      what: `GET /api/tokens first 50 of ${cfg.listTokens} (owner), 1 connection: p50`,
      value: fmt.ms(one.server.p50),
      reference: `bare route ${fmt.ms(one.bare.p50)}`,
      ratio: fmt.x(one.server.p50 / one.bare.p50),
      verdict: '',
    },
    {
      id: '2',
      db,
      what: 'same: p99',
      value: fmt.ms(one.server.p99),
      reference: `bare route ${fmt.ms(one.bare.p99)}`,
      ratio: fmt.x(one.server.p99 / one.bare.p99),
      target: '< 20 ms',
      verdict: verdict(one.server.p99 < 20 && !note),
      ...(note ? { note: `non-200 answers: ${note}` } : {}),
    },
    eightFigure,
    {
      id: '2',
      db,
      what: `admin's default view (all ${totalTokens} tokens), 1 connection: p50 / p99`,
      value: `${fmt.ms(adminView.p50)} / ${fmt.ms(adminView.p99)}`,
      reference: `bare route ${fmt.ms(one.bare.p50)} / ${fmt.ms(one.bare.p99)}`,
      ratio: fmt.x(adminView.p99 / one.bare.p99),
      verdict: '',
    },
  )
}
