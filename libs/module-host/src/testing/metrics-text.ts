/**
 * Reads one sample from Prometheus text: the value of `name` whose labels include `labels`, summed
 * over every matching series (so `{reason: 'QUEUE_FULL'}` matches whatever the method). 0 when none.
 */
export function metricValue(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const open = line.indexOf('{');
    const close = line.lastIndexOf('}');
    const labelText = open >= 0 && open < close ? line.slice(open + 1, close) : '';
    const value = Number(line.slice((close >= 0 ? close : name.length) + 1).trim().split(' ')[0]);
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += value;
  }
  return total;
}

/** Fetches a metrics endpoint's text. @throws Error on a non-200 answer. */
export async function scrapeMetrics(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}
