// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { useLabService } from '../testing/lab-harness'
import { cli } from '../testing/run-cli'
import { startWebServer, type WebServer } from './web-server'

const newLab = useLabService()
let server: WebServer | null = null
afterEach(() => server?.close())

it('imports the app’s own 80 MB export through the browser-mode server', async () => {
  const { dir, service } = newLab()
  const source = path.join(dir, 'source.sqlite')
  const file = path.join(dir, 'big.json')
  // Eight samples of up to 250 characters with the top 1,000 candidates of every step: about 650,000 tree nodes (under the 200 M characters a request may carry).
  const run = await cli(
    'run',
    '--db',
    source,
    '--model',
    'tang-poems',
    '--prompt',
    '春',
    '--strategy',
    'nucleus:p=1,samples=8,seed=3',
    '--max-tokens',
    '250',
    '--top',
    '1000',
  )
  expect(run.code, run.err).toBe(0)
  const exported = await cli('export', 'exp:1', '--db', source, '--format', 'json', '--out', file)
  expect(exported.code, exported.err).toBe(0)
  const size = fs.statSync(file).size
  expect(size).toBeGreaterThan(80_000_000)
  const nodes = (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: { tree: unknown[] }[] }).runs[0].tree.length

  fs.mkdirSync(path.join(dir, 'renderer'))
  server = await startWebServer(service, { rendererDir: path.join(dir, 'renderer'), token: 'T0KEN' })
  const origin = new URL(server.url).origin
  const post = (channel: string, payload: unknown): Promise<Response> =>
    fetch(`${origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'x-lab-token': 'T0KEN', 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
  const answer = await post('report.import', { fileName: 'big.json', text: fs.readFileSync(file, 'utf8') })
  expect(answer.status).toBe(200)
  const envelope = (await answer.json()) as {
    ok: boolean
    result: { experimentId: number; created: boolean; runIds: number[] }
  }
  expect(envelope).toEqual({ ok: true, result: { experimentId: 1, created: true, runIds: [1] } })
  const stored = (await (await post('run.get', { runId: 1 })).json()) as { ok: boolean; result: { tree: unknown[] } }
  expect(stored.result.tree).toHaveLength(nodes)
}, 300_000)
