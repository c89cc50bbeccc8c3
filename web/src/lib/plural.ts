const NUMBER = new Intl.NumberFormat('en')

/** The noun that agrees with `count`: `noun(1, 'token')` is "token", `noun(2, 'token')` "tokens". */
export function noun(count: number, one: string, many = `${one}s`) {
  return count === 1 ? one : many
}

/** A count and its noun: "1 token", "2 tokens", "1,200 refreshes" (`plural(n, 'refresh', 'refreshes')`). */
export function plural(count: number, one: string, many = `${one}s`) {
  return `${NUMBER.format(count)} ${noun(count, one, many)}`
}
