import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver on 127.0.0.1 for tests: records every request and
 * answers with the next status of a script (then 200 for ever after).
 */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Statuses to answer with, in order, before falling back to 200. */
  script: number[];
  close(): Promise<void>;
}

export async function startReceiver(script: number[] = []): Promise<Receiver> {
  const r: Omit<Receiver, 'url' | 'close'> = { requests: [], script: [...script] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = r.script.shift() ?? 200;
      r.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...r,
    get requests() {
      return r.requests;
    },
    get script() {
      return r.script;
    },
    set script(v: number[]) {
      r.script = v;
    },
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
