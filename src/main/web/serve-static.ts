import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../security'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** A file of the built renderer; `pathname` is already percent-decoded. Nothing outside `root` is served. */
export function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '')
  const file = path.resolve(root, rel)
  let stat: fs.Stats | undefined
  if (!rel.includes('\0') && file.startsWith(path.resolve(root) + path.sep))
    stat = fs.statSync(file, { throwIfNoEntry: false })
  if (!stat?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    return
  }
  const headers: Record<string, string> = {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  }
  if (file.endsWith('.html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY
  res.writeHead(200, headers)
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}
