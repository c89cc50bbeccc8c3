const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\bHeadlessChrome\//, 'Headless Chrome'],
  [/\bChromium\//, 'Chromium'],
  [/\b(?:Chrome|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
]

const SYSTEMS: [RegExp, string][] = [
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
]

/** Programs that are not browsers, named by their product token, e.g. `curl/8.5.0` → "curl 8.5.0". */
const PRODUCT = /^([A-Za-z][\w.-]{0,39})(?:\/([\w.-]{1,20}))?/

/**
 * A user-agent string as a person would say it: "Chrome on Linux", "Safari on iOS", "curl 8.5.0".
 * Null for an absent one; the full string stays available for a tooltip.
 */
export function summarizeUserAgent(userAgent: string | null | undefined): string | null {
  const ua = userAgent?.trim()
  if (!ua) return null
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1]
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1]
  if (browser) return system ? `${browser} on ${system}` : browser
  const product = PRODUCT.exec(ua)
  if (product?.[1] && product[1] !== 'Mozilla') {
    const name = product[2] ? `${product[1]} ${product[2]}` : product[1]
    return system ? `${name} on ${system}` : name
  }
  return system ? `A browser on ${system}` : 'Unknown client'
}
