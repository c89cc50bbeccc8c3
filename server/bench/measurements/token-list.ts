import { ADMIN, type Bench, OWNER } from '../harness'
import { Api } from '../lib/api'
import { anomalies, load } from '../lib/load'
import type { Child } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import { insertTokens, pastedTokens } from '../lib/seed'

/** The owner's 10,000 tokens (2,000 in quick mode); inserted while the server is stopped. */
export function seedOwnerTokens(bench: Bench, ownerId: string) {
  bench.seed(({ db, keyring }) =>
    insertTokens(db, pastedTokens(keyring, ownerId, bench.cfg.listTokens, Date.now())),
  )
}

/** #2: GET /api/tokens, first page, for an owner with many tokens and for the admin. */
export async function tokenList(bench: Bench, server: Child) {
  const { cfg } = bench
  bench.log(`#2 GET /api/tokens, owner with ${cfg.listTokens} tokens`)
  const ownerApi = new Api(server.url)
  await ownerApi.login(OWNER.email, OWNER.password)
  const adminApi = new Api(server.url)
  await adminApi.login(ADMIN.email, ADMIN.password)
  const page = await ownerApi.call<{ items: unknown[] }>('GET', '/api/tokens?limit=50')
  if (page.items.length !== 50)
    throw new Error(`first page has ${page.items.length} items, expected 50`)
  const listUrl = `${server.url}/api/tokens?limit=50`
  const one = await bench.versusBare({
    url: listUrl,
    headers: { cookie: ownerApi.cookie },
    connections: 1,
    sec: cfg.listSec,
    rounds: cfg.rounds,
    pid: server.pid,
  })
  const eight = await bench.versusBare({
    url: listUrl,
    headers: { cookie: ownerApi.cookie },
    connections: 8,
    sec: cfg.listSec,
    rounds: cfg.rounds,
    pid: server.pid,
  })
  const adminView = await load({
    url: listUrl,
    connections: 1,
    durationSec: cfg.listSec,
    headers: { cookie: adminApi.cookie },
  })
  bench.raw.list = { one, eight, adminView }
  const note = [one.server.anomalies, eight.server.anomalies, anomalies(adminView)]
    .filter(Boolean)
    .join('; ')
  bench.figures.push(
    {
      id: '2',
      what: `GET /api/tokens first 50 of ${cfg.listTokens} (owner), 1 connection: p50`,
      value: fmt.ms(one.server.p50),
      reference: `bare route ${fmt.ms(one.bare.p50)}`,
      ratio: fmt.x(one.server.p50 / one.bare.p50),
      verdict: '',
    },
    {
      id: '2',
      what: 'same: p99',
      value: fmt.ms(one.server.p99),
      reference: `bare route ${fmt.ms(one.bare.p99)}`,
      ratio: fmt.x(one.server.p99 / one.bare.p99),
      target: '< 20 ms',
      verdict: verdict(one.server.p99 < 20 && !note),
      ...(note ? { note: `non-200 answers: ${note}` } : {}),
    },
    {
      id: '2',
      what: 'same, 8 connections: p50 / p99 / throughput',
      value: `${fmt.ms(eight.server.p50)} / ${fmt.ms(eight.server.p99)} / ${fmt.rps(eight.server.rps)}`,
      reference: `bare route ${fmt.ms(eight.bare.p50)} / ${fmt.ms(eight.bare.p99)} / ${fmt.rps(eight.bare.rps)}`,
      ratio: fmt.x(eight.server.p99 / eight.bare.p99),
      target: 'p99 < 10 ms, >= 2,000 req/s',
      verdict: verdict(eight.server.p99 < 10 && eight.server.rps >= 2000 && !note),
      note: `server CPU ${fmt.cpu(eight.server.cpuMsPerRequest)} per request`,
    },
    {
      id: '2',
      what: `admin's default view (all ${cfg.listTokens + cfg.spaTokens + 2} tokens), 1 connection: p50 / p99`,
      value: `${fmt.ms(adminView.p50)} / ${fmt.ms(adminView.p99)}`,
      reference: `bare route ${fmt.ms(one.bare.p50)} / ${fmt.ms(one.bare.p99)}`,
      ratio: fmt.x(adminView.p99 / one.bare.p99),
      verdict: '',
    },
  )
}
