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
  const dir = (await host.sh('mktemp -d /tmp/kr-http.XXXXXX')).trim();
  const log = `${dir}.log`;
  // Port 0: the kernel picks a free port, which the server prints (unbuffered, -u); a port
  // chosen here at random could be taken on the node. setsid: a new session, so that the
  // end of this ssh command does not take the server with it.
  const pid = Number((await host.sh(`setsid sh -c 'cd ${dir} && exec timeout ${seconds} python3 -u -m http.server 0 --bind 127.0.0.1' </dev/null >${log} 2>&1 & echo $!`)).trim());
  // Ready when it prints its port (at most 60 s: testbed nodes can be slow under load); the log is the error otherwise.
  const port = Number(
    (await host.sh(`for i in $(seq 300); do p=$(sed -n 's/^Serving HTTP on .* port \\([0-9]*\\) .*/\\1/p' ${log}); [ -n "$p" ] && echo "$p" && exit 0; sleep 0.2; done; echo "no HTTP server on the node:" >&2; cat ${log} >&2; exit 1`)).trim(),
  );
  return {
    port,
    dir,
    url: (path) => `http://127.0.0.1:${port}/${path}`,
    stop: async () => {
      await host.sh(`kill ${pid} 2>/dev/null; rm -rf ${dir} ${log}; true`);
    },
  };
}
