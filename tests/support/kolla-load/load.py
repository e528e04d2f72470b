"""Load on a Kolla cluster, as clients see it: rows written through the
virtual address (one transaction per row), messages published with
publisher confirms to a quorum queue and consumed at the same time.

It only records what happened; tests/support/kolla-load.ts turns the record
into the report (lost, duplicated, gaps). Run in a container of an image
with PyMySQL and py-amqp (kolla's openstack-base images). Settings and
secrets come from the environment, never the command line:

  LOAD_NAME, DB_HOST, DB_PORT, DB_PASSWORD (root), RABBIT_HOSTS (every
  node, comma-separated: RabbitMQ is not behind HAProxy, clients fail
  over), RABBIT_PORT, RABBIT_USER, RABBIT_PASSWORD, WRITE_RATE (per second).

Commands: `run` (until SIGTERM, then drain and read back; one JSON line on
stdout), `publish N` (the queue emptied, then N confirmed messages, not
consumed), `depth` (ready messages in the queue).
"""
import json
import os
import signal
import sys
import threading
import time

import amqp
import pymysql

NAME = os.environ.get('LOAD_NAME', 'load')
DATABASE = 'kolla_load'
TABLE = 'rows_' + ''.join(c if c.isalnum() else '_' for c in NAME)
QUEUE = 'kolla-load.' + NAME
RATE = float(os.environ.get('WRITE_RATE', '20'))
DRAIN_SECONDS = 60
READBACK_SECONDS = 60

stopping = threading.Event()
T0 = time.monotonic()


def now_ms():
    return int((time.monotonic() - T0) * 1000)


def log(*parts):
    print(f'[{now_ms():>7} ms]', *parts, file=sys.stderr, flush=True)


def db_connect():
    return pymysql.connect(
        host=os.environ['DB_HOST'], port=int(os.environ.get('DB_PORT', '3306')),
        user='root', password=os.environ['DB_PASSWORD'], autocommit=False,
        connect_timeout=2, read_timeout=5, write_timeout=5)


def rabbit_connect(start):
    """A connection to the first node that answers, from node `start` on."""
    hosts = os.environ['RABBIT_HOSTS'].split(',')
    port = os.environ.get('RABBIT_PORT', '5672')
    last = None
    for i in range(len(hosts)):
        host = hosts[(start + i) % len(hosts)]
        try:
            conn = amqp.Connection(
                host=f'{host}:{port}', userid=os.environ.get('RABBIT_USER', 'openstack'),
                password=os.environ['RABBIT_PASSWORD'], confirm_publish=True,
                connect_timeout=2, read_timeout=5, write_timeout=5, heartbeat=0)
            conn.connect()
            return conn, (start + i) % len(hosts)
        except Exception as e:  # the next node
            last = e
    raise last


def declare(channel, passive=False):
    # A quorum queue: Raft-replicated on every node, a confirm means a
    # majority stored it, it survives a node's restart.
    return channel.queue_declare(queue=QUEUE, durable=True, auto_delete=False, passive=passive,
                                 arguments=None if passive else {'x-queue-type': 'quorum'})


def retry(what, seconds, action):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except Exception as e:
            if time.monotonic() > deadline:
                raise RuntimeError(f'{what}: {type(e).__name__}: {e}') from e
            time.sleep(1)


def setup():
    def db():
        conn = db_connect()
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE IF NOT EXISTS {DATABASE}')
                # No unique key on seq: a row stored twice must be seen, not refused.
                cur.execute(f'CREATE TABLE IF NOT EXISTS {DATABASE}.{TABLE} '
                            '(id BIGINT AUTO_INCREMENT PRIMARY KEY, seq BIGINT NOT NULL, at TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3))')
                cur.execute(f'DELETE FROM {DATABASE}.{TABLE}')
            conn.commit()
        finally:
            conn.close()

    def mq():
        conn, _ = rabbit_connect(0)
        try:
            ch = conn.channel()
            declare(ch)
            ch.queue_purge(QUEUE)
        finally:
            conn.close()

    retry('database setup', 60, db)
    retry('queue setup', 60, mq)


def quietly(action):
    try:
        action()
    except Exception:
        pass


class Paced(threading.Thread):
    """RATE attempts a second until stopped, a new seq each (never a retry of
    one that may have landed), recorded only once it succeeded; after a
    failure the connection is dropped and made again."""
    kind = ''

    def __init__(self):
        super().__init__(daemon=True)
        self.done, self.errors, self.seq, self.conn = [], 0, 0, None

    def run(self):
        tick = time.monotonic()
        while not stopping.is_set():
            tick = max(tick + 1 / RATE, time.monotonic() - 1)
            self.seq += 1
            try:
                self.attempt(self.seq)
                self.done.append([self.seq, now_ms()])
            except Exception as e:
                self.errors += 1
                if self.errors <= 5 or self.errors % 100 == 0:
                    log(self.kind, 'failed', self.errors, type(e).__name__, e)
                self.drop()
                tick = time.monotonic() + 0.2
            stopping.wait(max(0, tick - time.monotonic()))
        if self.conn is not None:
            quietly(self.conn.close)


class Writer(Paced):
    """One INSERT per transaction: a row counts once COMMIT returned."""
    kind = 'write'

    def attempt(self, seq):
        if self.conn is None:
            self.conn = db_connect()
        with self.conn.cursor() as cur:
            cur.execute(f'INSERT INTO {DATABASE}.{TABLE} (seq) VALUES (%s)', (seq,))
        self.conn.commit()

    def drop(self):
        if self.conn is not None:
            quietly(self.conn.close)
        self.conn = None


class Publisher(Paced):
    """Persistent messages, each waited for until the broker confirms it; the next node after a failure."""
    kind = 'publish'
    node = 0

    def attempt(self, seq):
        if self.conn is None:
            self.conn, self.node = rabbit_connect(self.node)
            self.channel = self.conn.channel()
        self.channel.basic_publish(amqp.Message(str(seq), delivery_mode=2), exchange='', routing_key=QUEUE,
                                   confirm_timeout=10)

    def drop(self):
        if self.conn is not None:
            quietly(self.conn.collect)
        self.conn, self.node = None, self.node + 1


class Consumer(threading.Thread):
    """Acks each message after recording it; a redelivery (ack lost with a connection) is flagged."""

    def __init__(self):
        super().__init__(daemon=True)
        self.consumed, self.errors, self.last_delivery = [], 0, time.monotonic()
        self.finish = threading.Event()

    def on_message(self, message):
        self.consumed.append([int(message.body), 1 if message.delivery_info.get('redelivered') else 0])
        self.last_delivery = time.monotonic()
        message.channel.basic_ack(message.delivery_tag)

    def run(self):
        conn, node = None, 1
        while not self.finish.is_set():
            try:
                if conn is None:
                    conn, node = rabbit_connect(node)
                    ch = conn.channel()
                    ch.basic_qos(0, 100, False)
                    ch.basic_consume(QUEUE, callback=self.on_message)
                try:
                    conn.drain_events(timeout=0.5)
                except TimeoutError:
                    pass
            except Exception as e:
                self.errors += 1
                if self.errors <= 5 or self.errors % 100 == 0:
                    log('consume failed', self.errors, type(e).__name__, e)
                if conn is not None:
                    quietly(conn.collect)
                conn, node = None, node + 1
                time.sleep(0.2)
        if conn is not None:
            quietly(conn.close)


def read_rows():
    def read():
        conn = db_connect()
        try:
            with conn.cursor() as cur:
                # Causal read: whichever node HAProxy picks has applied every commit.
                cur.execute('SET SESSION wsrep_sync_wait = 1')
                cur.execute(f'SELECT seq FROM {DATABASE}.{TABLE}')
                return [row[0] for row in cur.fetchall()]
        finally:
            conn.close()
    return retry('reading the rows back', READBACK_SECONDS, read)


def run():
    setup()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    # Times count from here: the gaps and the duration are the load's, not the setup's.
    global T0
    T0 = time.monotonic()
    writer, publisher, consumer = Writer(), Publisher(), Consumer()
    for t in (writer, publisher, consumer):
        t.start()
    log('ready')
    while not stopping.wait(1):
        pass
    stop_ms = now_ms()
    writer.join()
    publisher.join()
    # Drain: until every confirmed message came, or none came for a while.
    confirmed = {seq for seq, _ in publisher.done}
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        missing = confirmed - {seq for seq, _ in consumer.consumed}
        if not missing or time.monotonic() - consumer.last_delivery > 10:
            break
        time.sleep(0.5)
    consumer.finish.set()
    consumer.join()
    record = {'name': NAME, 'stopMs': stop_ms, 'writes': {'acked': writer.done, 'errors': writer.errors},
              'publishes': {'confirmed': publisher.done, 'errors': publisher.errors},
              'consumed': consumer.consumed, 'consumeErrors': consumer.errors}
    try:
        record['rows'] = read_rows()
    except Exception as e:
        record['rows'] = None
        record['readError'] = str(e)
    print(json.dumps(record, separators=(',', ':')), flush=True)


def publish(count):
    conn, _ = retry('connecting', 60, lambda: rabbit_connect(0))
    ch = conn.channel()
    declare(ch)
    ch.queue_purge(QUEUE)
    confirmed = 0
    for seq in range(1, count + 1):
        ch.basic_publish(amqp.Message(str(seq), delivery_mode=2), exchange='', routing_key=QUEUE, confirm_timeout=10)
        confirmed += 1
    conn.close()
    print(json.dumps({'confirmed': confirmed}), flush=True)


def depth():
    def ask():
        conn, _ = rabbit_connect(0)
        try:
            return declare(conn.channel(), passive=True).message_count
        finally:
            conn.close()
    print(json.dumps({'messages': retry('reading the queue', 60, ask)}), flush=True)


if __name__ == '__main__':
    command = sys.argv[1] if len(sys.argv) > 1 else 'run'
    if command == 'run':
        run()
    elif command == 'publish':
        publish(int(sys.argv[2]))
    elif command == 'depth':
        depth()
    else:
        sys.exit(f'unknown command {command}')
