/**
 * A tiny HTTP server on a testbed node itself (python3 -m http.server on
 * 127.0.0.1, serving a folder), bounded in time and stopped by its pid.
 */
import type { ModuleHost } from './module-host.js';

export interface NodeServer {
  port: number;
  dir: string;
  url(path: string): string;
  stop(): Promise<void>;
}

export async function httpServerOn(host: ModuleHost, seconds = 300): Promise<NodeServer> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const dir = (await host.sh('mktemp -d /tmp/kr-http.XXXXXX')).trim();
  // setsid: a new session, so that the end of this ssh command does not take the server with it.
  const pid = Number((await host.sh(`setsid sh -c 'cd ${dir} && exec timeout ${seconds} python3 -m http.server ${port} --bind 127.0.0.1' </dev/null >/dev/null 2>&1 & echo $!`)).trim());
  // Ready when it answers (at most 60 s: testbed nodes can be slow under load).
  await host.sh(`for i in $(seq 300); do python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", ${port}), 1)' 2>/dev/null && exit 0; sleep 0.2; done; exit 1`);
  return {
    port,
    dir,
    url: (path) => `http://127.0.0.1:${port}/${path}`,
    stop: async () => {
      await host.sh(`kill ${pid} 2>/dev/null; rm -rf ${dir}; true`);
    },
  };
}
