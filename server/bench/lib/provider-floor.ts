import type { RunningEmulator } from '@tokendesk/emulator'
import { Agent, request } from 'undici'

export type ProviderFloor = {
  exchanges: number
  concurrency: number
  ms: number
  p50Ms: number
  /** CPU of the bench process (client and emulator) per exchange. */
  cpuMsPerExchange: number
}

/**
 * The refresher's floor on this machine: a bare client that does nothing but `client_credentials`
 * exchanges against the same emulator, with the same latency and concurrency, over keep-alive
 * connections as the server's agent does. What it takes over `n × latency ÷ concurrency` is the
 * emulator's own work and the loopback on these two cores, which no refresher can go below.
 */
export async function providerFloor(
  emu: RunningEmulator,
  opts: { exchanges: number; concurrency: number },
): Promise<ProviderFloor> {
  const group = emu.createGroup({ name: `Floor ${opts.concurrency}` })
  const client = emu.registerClient({ groupId: group.id, scopes: ['send_notification'] })
  const agent = new Agent({ connections: opts.concurrency })
  const authorization = `Basic ${Buffer.from(`${client.oauthId}:${client.oauthSecret}`).toString('base64')}`
  const url = `${emu.url}/v2/oauth/token`
  const durations: number[] = []
  let started = 0
  const one = async () => {
    const t = performance.now()
    const res = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=send_notification',
    })
    const body = await res.body.text()
    if (res.statusCode !== 200) throw new Error(`floor exchange: ${res.statusCode} ${body}`)
    durations.push(performance.now() - t)
  }
  try {
    // Connections opened first, as the refresher's are by its first exchanges.
    await Promise.all(Array.from({ length: opts.concurrency }, one))
    durations.length = 0
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (started < opts.exchanges) {
          started++
          await one()
        }
      }),
    )
    const ms = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    durations.sort((a, b) => a - b)
    return {
      exchanges: opts.exchanges,
      concurrency: opts.concurrency,
      ms,
      p50Ms: durations[durations.length >> 1] ?? 0,
      cpuMsPerExchange: (cpu.user + cpu.system) / 1000 / opts.exchanges,
    }
  } finally {
    await agent.close()
  }
}
