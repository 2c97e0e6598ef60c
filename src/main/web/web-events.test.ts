// @vitest-environment node
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useLabService } from '../testing/lab-harness'
import { startWebServer, type WebServer } from './web-server'

const newLab = useLabService()
let server: WebServer | undefined
afterEach(() => server?.close())

/** Opens the event stream: `connected` once the server has greeted it, `frames` the first `count` frames after that. */
function listen(url: URL, count: number): { connected: Promise<void>; frames: Promise<string[]> } {
  let connected!: () => void
  const greeted = new Promise<void>((resolve) => (connected = resolve))
  const frames = new Promise<string[]>((resolve, reject) => {
    const req = http.get(new URL('/api/events?token=T0KEN', url), (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
        if (text.startsWith(': connected\n\n')) connected()
        const got = text.split('\n\n').filter((f) => f && !f.startsWith(':'))
        if (got.length >= count) {
          req.destroy()
          resolve(got)
        }
      })
    })
    req.on('error', reject)
  })
  return { connected: greeted, frames }
}

describe('events in browser mode', () => {
  it('stream as the contract shapes them: a payload that does not match is dropped, unknown fields are left out', async () => {
    const { dir, service } = newLab()
    const rendererDir = path.join(dir, 'renderer')
    fs.mkdirSync(rendererDir)
    server = await startWebServer(service, { rendererDir, token: 'T0KEN' })
    const url = new URL(server.url)
    const { connected, frames } = listen(url, 2)
    await connected
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    server.broadcast('run.progress', { jobId: 1, runId: 2, step: 'three', maxTokens: 8, text: '', treeNodes: 1 })
    server.broadcast('no.such.event', {})
    server.broadcast('run.progress', {
      jobId: 1,
      runId: 2,
      step: 3,
      maxTokens: 8,
      text: '天',
      treeNodes: 4,
      secret: 'x',
    })
    server.broadcast('job.finished', { jobId: 1, experimentId: null, error: null })
    expect(await frames).toEqual([
      'event: run.progress\ndata: {"jobId":1,"runId":2,"step":3,"maxTokens":8,"text":"天","treeNodes":4}',
      'event: job.finished\ndata: {"jobId":1,"experimentId":null,"error":null}',
    ])
    expect(error.mock.calls.map((c) => c[0])).toEqual([
      'invalid run.progress event dropped: step: Invalid input: expected number, received string',
      'unknown event "no.such.event" dropped',
    ])
    error.mockRestore()
  })
})
