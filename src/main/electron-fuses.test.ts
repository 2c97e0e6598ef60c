// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { useTempDir } from './testing/temp-dir'

const tempDir = useTempDir()

it('the packaging step turns off RunAsNode, NODE_OPTIONS and inspector arguments in an Electron binary', async () => {
  // Electron's fuse wire as it sits in its binary: the sentinel, wire version 1, 9 fuses, each '0' or '1'.
  const dir = tempDir()
  const binary = path.join(dir, 'electron')
  const wire = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX' + '\x01\x09' + '101100100')
  fs.writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 0x90), wire, Buffer.alloc(4096, 0x90)]))
  const { applyFuses } = (await import(path.resolve('scripts/electron-fuses.mjs'))) as {
    applyFuses: (b: string) => Promise<unknown>
  }
  await applyFuses(binary)
  const { getCurrentFuseWire, FuseV1Options, FuseState } = await import('@electron/fuses')
  const fuses = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>
  const state = (o: number): string =>
    fuses[o] === FuseState.ENABLE ? 'on' : fuses[o] === FuseState.DISABLE ? 'off' : String(fuses[o])
  expect({
    runAsNode: state(FuseV1Options.RunAsNode),
    nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
    inspect: state(FuseV1Options.EnableNodeCliInspectArguments),
    cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
    asarOnly: state(FuseV1Options.OnlyLoadAppFromAsar),
  }).toEqual({ runAsNode: 'off', nodeOptions: 'off', inspect: 'off', cookieEncryption: 'on', asarOnly: 'off' })
})
