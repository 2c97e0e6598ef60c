import path from 'node:path'
import { parseArgs } from 'node:util'
import { databasePath } from '../paths'
import { LabService } from '../services/lab-service'
import { startWebServer, type WebServer } from './web-server'

/** `npm run web`: the app in a browser, on 127.0.0.1, behind a token printed with the URL. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, db: { type: 'string' } }, strict: true })
  let server: WebServer | null = null
  const service = new LabService(databasePath(values.db), (channel, payload) => server?.broadcast(channel, payload))
  server = await startWebServer(service, {
    rendererDir: path.resolve(__dirname, '../../../out/renderer'),
    port: values.port ? Number(values.port) : Number(process.env.PORT ?? 0),
  })
  console.log(`Decoding Lab is running at ${server.url}`)
  const stop = async (): Promise<void> => {
    await server?.close()
    await service.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(2)
})
