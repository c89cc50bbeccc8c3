import ipaddr from 'ipaddr.js'

/** True when an address is fit for a server-side request: public unicast only. */
export function isPublicAddress(address: string) {
  if (!ipaddr.isValid(address)) return false
  // process() unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1) so it is judged as IPv4.
  const ip = ipaddr.process(address)
  return ip.range() === 'unicast'
}
